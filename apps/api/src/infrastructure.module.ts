import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ClickHouse, ClickHouseModule } from '@tagstream/clickhouse';
import { AppConfig, ConfigModule } from '@tagstream/config';
import { EventStore, EventStoreModule } from '@tagstream/eventstore';
import { HealthRegistry, ObservabilityModule } from '@tagstream/observability';

/** Readiness depends on the stores answering; each store gets one indicator. */
@Injectable()
class StoreHealthIndicators implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly clickHouse: ClickHouse,
    private readonly eventStore: EventStore,
  ) {}

  onModuleInit(): void {
    this.health.register('eventstore', async () =>
      (await this.eventStore.ping()) ? { up: true } : { up: false, details: { error: 'event store does not answer a read of $all' } },
    );
    this.health.register('clickhouse', async () => {
      const ping = await this.clickHouse.ping();
      return ping.ok ? { up: true, details: { backend: this.clickHouse.backend } } : { up: false, details: { error: ping.error } };
    });
  }
}

/**
 * What every Tagstream process stands on: the loaded config, health and
 * metrics, and the stores. Without EVENTSTORE_CONNECTION_STRING / CLICKHOUSE_URL
 * the stores are the embedded ones under DATA_DIR, which only the
 * single-process mode allows (the api and projector processes refuse that at
 * start-up). The api owns this wiring; the projector and the single process reuse it.
 */
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule,
        EventStoreModule.forRoot({
          connectionString: config.EVENTSTORE_CONNECTION_STRING,
          dataDir: config.DATA_DIR,
          embeddedPort: config.EVENTSTORE_EMBEDDED_PORT,
        }),
        ClickHouseModule.forRoot({
          url: config.CLICKHOUSE_URL,
          user: config.CLICKHOUSE_USER,
          password: config.CLICKHOUSE_PASSWORD,
          database: config.CLICKHOUSE_DATABASE,
          dataDir: config.DATA_DIR,
        }),
      ],
      providers: [StoreHealthIndicators],
    };
  }
}
