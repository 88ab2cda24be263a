import { EventTypeName, eventDefinition, isEventType } from '../catalog/catalog';

export type EventData = Readonly<Record<string, unknown>>;

/**
 * Reads `data` written at `fromVersion` as `fromVersion + 1`. History is never
 * rewritten: old events stay as they were stored and are upcast on every read.
 */
export interface Upcaster {
  readonly type: EventTypeName;
  readonly fromVersion: number;
  upcast(data: EventData): EventData;
}

/** A stored event that this code cannot turn into a current `DomainEvent`. */
export class UnreadableEventError extends Error {
  constructor(
    message: string,
    readonly reason: 'unknown_type' | 'newer_version' | 'no_upcaster' | 'bad_stream' | 'bad_metadata',
  ) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

export class UpcasterChain {
  private readonly steps = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[]) {
    for (const upcaster of upcasters) {
      const key = stepKey(upcaster.type, upcaster.fromVersion);
      if (this.steps.has(key)) throw new Error(`two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
      this.steps.set(key, upcaster);
    }
  }

  /** `data` of `type` stored at `version`, as the current schema version. */
  upcast(type: string, version: number, data: EventData): EventData {
    if (!isEventType(type)) throw new UnreadableEventError(`unknown event type "${type}"`, 'unknown_type');
    const current = eventDefinition(type).schemaVersion;
    if (version > current) {
      throw new UnreadableEventError(`${type} v${version} is newer than this reader (v${current})`, 'newer_version');
    }
    let result = data;
    for (let from = version; from < current; from++) {
      const step = this.steps.get(stepKey(type, from));
      if (!step) throw new UnreadableEventError(`no upcaster for ${type} v${from} → v${from + 1}`, 'no_upcaster');
      result = step.upcast(result);
    }
    return result;
  }
}

function stepKey(type: string, fromVersion: number): string {
  return `${type}@${fromVersion}`;
}
