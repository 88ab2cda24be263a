import { DynamicModule, Module } from '@nestjs/common';
import { Clock, systemClock } from '@tagstream/common';
import { EventStore } from '@tagstream/eventstore';
import { MetricsService } from '@tagstream/observability';
import { EventsController } from './events.controller';
import { IntakeMetrics } from './intake-metrics';
import { DEFAULT_INTAKE_LIMITS, IntakeLimits, IntakeService } from './intake.service';
import { AppenderOptions, UserStreamAppender } from './user-stream-appender';

export interface IntakeModuleOptions {
  readonly limits?: Partial<IntakeLimits>;
  readonly appender?: Partial<AppenderOptions>;
  readonly clock?: Clock;
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
        { provide: IntakeMetrics, useFactory: (metrics: MetricsService) => new IntakeMetrics(metrics), inject: [MetricsService] },
        { provide: UserStreamAppender, useFactory: (store: EventStore) => new UserStreamAppender(store, options.appender), inject: [EventStore] },
        {
          provide: IntakeService,
          useFactory: (appender: UserStreamAppender, metrics: IntakeMetrics) =>
            new IntakeService(appender, options.clock ?? systemClock, metrics, { ...DEFAULT_INTAKE_LIMITS, ...options.limits }),
          inject: [UserStreamAppender, IntakeMetrics],
        },
      ],
      exports: [IntakeService],
    };
  }
}
