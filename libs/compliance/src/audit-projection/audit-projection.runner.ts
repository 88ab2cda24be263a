import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { EventStore } from '@tagstream/eventstore';
import { ErasureRegistry } from '../erasure/erasure-registry';
import { AuditProjector } from './audit-projector';
import { AuditStore } from './audit-store';

/**
 * Runs the audit projection in the background for the life of the app
 * (`AuditProjectionModule`: once per deployment, beside the label projector).
 * The projection is idempotent by position, so a second one would only write
 * the same rows again.
 */
@Injectable()
export class AuditProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditProjection');
  private readonly projector: AuditProjector;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(events: EventStore, ch: ClickHouse, erasures: ErasureRegistry) {
    this.projector = new AuditProjector(events, new AuditStore(ch), {
      skipSubject: (surrogate) => erasures.isSurrogateErased(surrogate),
      beforeBatch: () => erasures.refresh(),
      log: (level, message, fields) => this.logger[level === 'info' ? 'log' : level](`${message} ${JSON.stringify(fields ?? {})}`),
    });
  }

  onApplicationBootstrap(): void {
    this.running = this.projector.run(this.abort.signal).catch((error: Error) => this.logger.error(`audit projection stopped: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** How far the audit tables reflect the audit streams. */
  freshness(): { position: string | null } {
    const at = this.projector.position();
    return { position: at ? `${at.commit}/${at.prepare}` : null };
  }
}
