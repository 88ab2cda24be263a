import { DynamicModule, InjectionToken, Module, Provider } from '@nestjs/common';
import { Clock, systemClock } from '@tagstream/common';
import { EventStore } from '@tagstream/eventstore';
import { MetricsService } from '@tagstream/observability';
import { ERASED_USERS, ErasedUsers } from './erased-users';
import { EventsController } from './events.controller';
import { IntakeMetrics } from './intake-metrics';
import { DEFAULT_INTAKE_LIMITS, IntakeLimits, IntakeService } from './intake.service';
import { AppenderOptions, UserStreamAppender } from './user-stream-appender';

export interface IntakeModuleOptions {
  readonly limits?: Partial<IntakeLimits>;
  readonly appender?: Partial<AppenderOptions>;
  readonly clock?: Clock;
  /**
   * A provider of `ErasedUsers` visible to this module (the apps pass compliance's global
   * `ErasureRegistry`): batches with events of erased people are refused before anything is written.
   */
  readonly erasedUsers?: InjectionToken;
}

/**
 * `POST /v1/events`. Needs `EventStore` (EventStoreModule) and
 * `MetricsService` (ObservabilityModule), both global in the apps.
 */
@Module({})
export class IntakeModule {
  static register(options: IntakeModuleOptions = {}): DynamicModule {
    return {
      module: IntakeModule,
      controllers: [EventsController],
      providers: [
        ...erasedUsersProvider(options.erasedUsers),
        { provide: IntakeMetrics, useFactory: (metrics: MetricsService) => new IntakeMetrics(metrics), inject: [MetricsService] },
        { provide: UserStreamAppender, useFactory: (store: EventStore) => new UserStreamAppender(store, options.appender), inject: [EventStore] },
        {
          provide: IntakeService,
          useFactory: (appender: UserStreamAppender, metrics: IntakeMetrics, erased?: ErasedUsers) =>
            new IntakeService(appender, options.clock ?? systemClock, metrics, { ...DEFAULT_INTAKE_LIMITS, ...options.limits }, erased),
          inject: [UserStreamAppender, IntakeMetrics, { token: ERASED_USERS, optional: true }],
        },
      ],
      exports: [IntakeService],
    };
  }
}

function erasedUsersProvider(token: InjectionToken | undefined): Provider[] {
  return token === undefined ? [] : [{ provide: ERASED_USERS, useExisting: token }];
}
