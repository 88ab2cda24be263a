import { createHash } from 'node:crypto';
import { EventStore } from '@tagstream/eventstore';
import { DeadLetter } from '../core/labels';
import { DeadLetterSink } from '../runtime/ports';

export const DEAD_LETTER_STREAM = 'projection-deadletters';
export const PROJECTION_EVENT_DEAD_LETTERED = 'ProjectionEventDeadLettered';

/**
 * What is recorded of an event no rule could handle. The user stream's name
 * is left out on purpose: this stream outlives an erasure, so it must not name
 * the person; the `$all` position and event id find the event while it exists.
 */
export interface ProjectionEventDeadLetteredData {
  readonly eventId: string;
  readonly type: string;
  readonly commit: string;
  readonly prepare: string;
  readonly reason: string;
  readonly field: string | null;
}

/**
 * Dead letters go to the `projection-deadletters` stream. The event id of a
 * letter is derived from the original event and its position, so a batch
 * written again after a crash appends the same ids (which the store treats as
 * a replay where it can tell).
 */
export class EventStoreDeadLetterSink implements DeadLetterSink {
  constructor(private readonly store: EventStore) {}

  async write(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.store.append(
      DEAD_LETTER_STREAM,
      letters.map((letter) => {
        const data: ProjectionEventDeadLetteredData = {
          eventId: letter.eventId,
          type: letter.type,
          commit: letter.commit,
          prepare: letter.prepare,
          reason: letter.reason,
          field: letter.field ?? null,
        };
        return { id: letterId(letter), type: PROJECTION_EVENT_DEAD_LETTERED, data, metadata: { schemaVersion: 1 } };
      }),
    );
  }
}

/** A UUID-shaped digest of the original event id and position. */
function letterId(letter: DeadLetter): string {
  const hex = createHash('sha256').update(`${letter.eventId}|${letter.commit}|${letter.prepare}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
