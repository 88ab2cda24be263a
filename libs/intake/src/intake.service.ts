import { AppError, Clock, ServiceUnavailableError, ValidationFailedError } from '@tagstream/common';
import { DomainEvent, parseEventBatch, WriteContext } from '@tagstream/events';
import { ErasedUsers, ErasedUsersCheck } from './erased-users';
import { InFlightLimiter } from './in-flight-limiter';
import { IntakeMetrics } from './intake-metrics';
import { AppendOutcome, UserStreamAppender } from './user-stream-appender';

export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
}

export interface IntakeLimits {
  /** Events being appended at once across all requests; beyond it requests get 503 + Retry-After. */
  readonly maxInFlightEvents: number;
  /** User streams appended concurrently for one request. */
  readonly userConcurrency: number;
  /** Seconds a saturated caller is asked to wait. */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { maxInFlightEvents: 20_000, userConcurrency: 32, retryAfterSeconds: 1 };

/**
 * `POST /v1/events` without the HTTP: validate the batch as a whole, then
 * append each user's events to their stream, in the order given, once.
 */
export class IntakeService {
  readonly limiter: InFlightLimiter;
  private readonly erasedCheck: ErasedUsersCheck | undefined;

  constructor(
    private readonly appender: UserStreamAppender,
    private readonly clock: Clock,
    private readonly metrics?: IntakeMetrics,
    private readonly limits: IntakeLimits = DEFAULT_INTAKE_LIMITS,
    /** Without it, events of an erased person are refused by the store, after the rest of the batch is written. */
    erased?: ErasedUsers,
  ) {
    this.limiter = new InFlightLimiter(limits.maxInFlightEvents);
    this.erasedCheck = erased && new ErasedUsersCheck(erased);
  }

  async ingest(body: unknown, context: WriteContext): Promise<IngestResult> {
    const events = this.validate(body);
    if (this.erasedCheck) await this.refuseErased(this.erasedCheck, events);
    const release = this.limiter.tryAcquire(events.length);
    if (!release) {
      this.metrics?.batches.inc({ outcome: 'saturated' });
      throw new ServiceUnavailableError('intake is at capacity; retry the same body later', this.limits.retryAfterSeconds);
    }
    this.metrics?.inFlight.set(this.limiter.inFlight);
    const stopTimer = this.metrics?.appendSeconds.startTimer();
    try {
      const result = await this.appendAll(groupByUser(events), context);
      this.metrics?.batches.inc({ outcome: 'accepted' });
      this.metrics?.events.inc({ outcome: 'accepted' }, result.accepted);
      this.metrics?.events.inc({ outcome: 'duplicate' }, result.duplicates);
      return result;
    } finally {
      stopTimer?.();
      release();
      this.metrics?.inFlight.set(this.limiter.inFlight);
    }
  }

  private validate(body: unknown): DomainEvent[] {
    try {
      return parseEventBatch(body, this.clock);
    } catch (error) {
      this.metrics?.batches.inc({ outcome: 'invalid' });
      const posted = (body as { events?: unknown })?.events;
      if (error instanceof ValidationFailedError && Array.isArray(posted)) this.metrics?.events.inc({ outcome: 'rejected' }, posted.length);
      throw error;
    }
  }

  private async refuseErased(check: ErasedUsersCheck, events: DomainEvent[]): Promise<void> {
    try {
      await check.refuse(events);
    } catch (error) {
      if (error instanceof ValidationFailedError) {
        this.metrics?.batches.inc({ outcome: 'invalid' });
        this.metrics?.events.inc({ outcome: 'rejected' }, events.length);
      }
      throw error;
    }
  }

  /**
   * Appends every user's events, a bounded number of users at a time, and
   * waits for all of them even when one fails, so the answer never comes
   * back while writes of the same request are still running.
   */
  private async appendAll(byUser: Map<string, DomainEvent[]>, context: WriteContext): Promise<IngestResult> {
    const users = [...byUser.keys()];
    const outcomes: AppendOutcome[] = [];
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < users.length) {
        const userId = users[next++];
        try {
          outcomes.push(await this.appender.append(userId, byUser.get(userId)!, context));
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.limits.userConcurrency, users.length) }, worker));
    if (failures.length) throw this.failureOf(failures, users.length - failures.length, users.length);
    return outcomes.reduce((sum, o) => ({ accepted: sum.accepted + o.accepted, duplicates: sum.duplicates + o.duplicates }), {
      accepted: 0,
      duplicates: 0,
    });
  }

  private failureOf(failures: unknown[], succeeded: number, total: number): AppError {
    const refusal = failures.find((error): error is AppError => error instanceof AppError && error.status < 500);
    if (refusal) {
      this.metrics?.batches.inc({ outcome: 'refused' });
      return refusal;
    }
    this.metrics?.batches.inc({ outcome: 'unavailable' });
    const cause = failures[0];
    const retryAfter = cause instanceof ServiceUnavailableError ? cause.retryAfterSeconds : undefined;
    return new ServiceUnavailableError(
      `the event store failed after ${succeeded} of ${total} users' events were stored; retrying the same body is safe`,
      retryAfter,
      { cause },
    );
  }
}

/** Each user's events in the order they came in the batch. */
export function groupByUser(events: readonly DomainEvent[]): Map<string, DomainEvent[]> {
  const byUser = new Map<string, DomainEvent[]>();
  for (const event of events) {
    const list = byUser.get(event.userId);
    if (list) list.push(event);
    else byUser.set(event.userId, [event]);
  }
  return byUser;
}
