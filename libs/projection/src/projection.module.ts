import { DynamicModule, Module, Provider } from '@nestjs/common';
import { SUBJECT_DIRECTORY } from '@tagstream/compliance';
import { EventStore } from '@tagstream/eventstore';
import { EventStoreSurrogateRegistry } from './eventstore/event-store-surrogate-registry';
import { PROJECTION_OPTIONS, ProjectionModuleOptions, ProjectionRunner } from './runtime/projection.runner';
import { RemoteProjectorHealth } from './runtime/remote-projector-health';

/**
 * The projection in a Nest app. Always: the user id → surrogate mapping
 * (`EventStoreSurrogateRegistry`, also bound to compliance's
 * `SUBJECT_DIRECTORY`; apps bind it to segments' `USER_SURROGATES`). With
 * `runProjector`: the projector itself, its `/health` indicator and metrics;
 * without: a `/health` indicator reading the heartbeat the projector writes.
 * Needs `EventStore`, `ClickHouse`, `AppConfig`, `HealthRegistry` and
 * `MetricsService` (global in the apps). Global, so the API's modules see the
 * mapping.
 */
@Module({})
export class ProjectionModule {
  static forRoot(options: ProjectionModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: PROJECTION_OPTIONS, useValue: options },
      {
        provide: EventStoreSurrogateRegistry,
        useFactory: (store: EventStore) => new EventStoreSurrogateRegistry(store, { cacheSize: options.surrogateCacheSize }),
        inject: [EventStore],
      },
      { provide: SUBJECT_DIRECTORY, useExisting: EventStoreSurrogateRegistry },
      // readiness reports the projector's lag either way: from the running projector, or from its heartbeat
      ...(options.runProjector ? [ProjectionRunner] : [RemoteProjectorHealth]),
    ];
    return {
      module: ProjectionModule,
      global: true,
      providers,
      exports: [EventStoreSurrogateRegistry, SUBJECT_DIRECTORY, ...(options.runProjector ? [ProjectionRunner] : [])],
    };
  }
}
