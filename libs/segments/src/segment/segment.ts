import { ConflictError, NotFoundError } from '@tagstream/common';
import { Expr } from '../expression';
import { SegmentEvent } from './segment.events';

/** One definition of a segment, as it was when written. Every version is kept. */
export interface SegmentVersion {
  readonly version: number;
  readonly name: string;
  readonly description: string | null;
  readonly expression: Expr;
  readonly expressionHash: string;
  readonly definedBy: string;
  readonly definedAt: string;
}

export interface Segment {
  readonly id: string;
  readonly tenant: string;
  readonly versions: readonly SegmentVersion[];
  readonly archived: { readonly by: string; readonly at: string } | null;
}

/** What a stream folds to: nothing yet, or a segment. */
export type SegmentState = Segment | undefined;

export interface CreateSegment {
  readonly kind: 'create';
  readonly segmentId: string;
  readonly tenant: string;
  readonly name: string;
  readonly description: string | null;
  readonly expression: Expr;
  readonly expressionHash: string;
  readonly by: string;
}

export interface RedefineSegment {
  readonly kind: 'redefine';
  readonly segmentId: string;
  readonly tenant: string;
  readonly name?: string;
  readonly description?: string | null;
  readonly expression: Expr;
  readonly expressionHash: string;
  /** When given, the version the caller based the change on; another current version is a conflict. */
  readonly expectedVersion?: number;
  readonly by: string;
}

export interface ArchiveSegment {
  readonly kind: 'archive';
  readonly segmentId: string;
  readonly tenant: string;
  readonly by: string;
}

export type SegmentCommand = CreateSegment | RedefineSegment | ArchiveSegment;

/**
 * An archived segment stays readable (every version, its size) but nothing
 * new is made from it: no new version, no campaign snapshot.
 */
export function assertNotArchived(segment: Segment): void {
  if (segment.archived) throw new ConflictError(`segment ${segment.id} is archived`, { segmentId: segment.id });
}

export function currentVersion(segment: Segment): SegmentVersion {
  return segment.versions[segment.versions.length - 1];
}

/**
 * The decisions, pure: the events a command produces against the current
 * state, or a typed error. Another tenant's segment is not found, exactly like
 * a segment that does not exist.
 */
export function decide(command: SegmentCommand, state: SegmentState, now: Date): SegmentEvent[] {
  const at = now.toISOString();
  if (command.kind === 'create') {
    if (state) throw new ConflictError(`segment ${command.segmentId} already exists`);
    const { segmentId, tenant, name, description, expression, expressionHash, by } = command;
    return [{ type: 'SegmentCreated', data: { segmentId, tenant, name, description, expression, expressionHash, version: 1, by, at } }];
  }
  const segment = visible(state, command.tenant, command.segmentId);
  assertNotArchived(segment);
  if (command.kind === 'archive') {
    return [{ type: 'SegmentArchived', data: { segmentId: segment.id, tenant: segment.tenant, by: command.by, at } }];
  }
  const current = currentVersion(segment);
  if (command.expectedVersion !== undefined && command.expectedVersion !== current.version) {
    throw new ConflictError(`segment ${segment.id} is at version ${current.version}, not ${command.expectedVersion}`, {
      segmentId: segment.id,
      currentVersion: current.version,
    });
  }
  return [
    {
      type: 'SegmentRedefined',
      data: {
        segmentId: segment.id,
        tenant: segment.tenant,
        name: command.name ?? current.name,
        description: command.description === undefined ? current.description : command.description,
        expression: command.expression,
        expressionHash: command.expressionHash,
        version: current.version + 1,
        by: command.by,
        at,
      },
    },
  ];
}

export function evolve(state: SegmentState, event: SegmentEvent): SegmentState {
  switch (event.type) {
    case 'SegmentCreated':
    case 'SegmentRedefined': {
      const { data } = event;
      const version: SegmentVersion = {
        version: data.version,
        name: data.name,
        description: data.description,
        expression: data.expression,
        expressionHash: data.expressionHash,
        definedBy: data.by,
        definedAt: data.at,
      };
      if (event.type === 'SegmentCreated') return { id: data.segmentId, tenant: data.tenant, versions: [version], archived: null };
      return state && { ...state, versions: [...state.versions, version] };
    }
    case 'SegmentArchived':
      return state && { ...state, archived: { by: event.data.by, at: event.data.at } };
  }
}

/** The segment, if it exists and belongs to the tenant; otherwise the same 404 either way. */
export function visible(state: SegmentState, tenant: string, segmentId: string): Segment {
  if (!state || state.tenant !== tenant) throw new NotFoundError(`segment ${segmentId} not found`, { segmentId });
  return state;
}
