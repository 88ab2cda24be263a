import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tagstream/common';
import { StorePosition } from '@tagstream/eventstore';
import { ArchiveSegment, CreateSegment, decide, evolve, RedefineSegment, Segment, SegmentCommand } from './segment';
import { SegmentRepository } from './segment.repository';
import { SEGMENTS_CLOCK } from '../segments.tokens';

/** What every segment command answers: the segment after the change, and where its events landed in `$all`. */
export interface SegmentChange {
  readonly segment: Segment;
  readonly position: StorePosition;
}

export class CreateSegmentCommand extends Command<SegmentChange> {
  constructor(readonly input: Omit<CreateSegment, 'kind'>, readonly requestId?: string) {
    super();
  }
}

export class RedefineSegmentCommand extends Command<SegmentChange> {
  constructor(readonly input: Omit<RedefineSegment, 'kind'>, readonly requestId?: string) {
    super();
  }
}

export class ArchiveSegmentCommand extends Command<SegmentChange> {
  constructor(readonly input: Omit<ArchiveSegment, 'kind'>, readonly requestId?: string) {
    super();
  }
}

/** Load, decide, append with the revision that was read: two concurrent changes cannot both land. */
async function handle(repository: SegmentRepository, clock: Clock, command: SegmentCommand, requestId?: string): Promise<SegmentChange> {
  const { state, revision } = await repository.load(command.segmentId);
  const events = decide(command, state, clock());
  const position = await repository.append(command.segmentId, events, revision, requestId);
  const segment = events.reduce(evolve, state);
  return { segment: segment!, position };
}

@CommandHandler(CreateSegmentCommand)
export class CreateSegmentHandler implements ICommandHandler<CreateSegmentCommand> {
  constructor(private readonly repository: SegmentRepository, @Inject(SEGMENTS_CLOCK) private readonly clock: Clock) {}

  execute(command: CreateSegmentCommand): Promise<SegmentChange> {
    return handle(this.repository, this.clock, { kind: 'create', ...command.input }, command.requestId);
  }
}

@CommandHandler(RedefineSegmentCommand)
export class RedefineSegmentHandler implements ICommandHandler<RedefineSegmentCommand> {
  constructor(private readonly repository: SegmentRepository, @Inject(SEGMENTS_CLOCK) private readonly clock: Clock) {}

  execute(command: RedefineSegmentCommand): Promise<SegmentChange> {
    return handle(this.repository, this.clock, { kind: 'redefine', ...command.input }, command.requestId);
  }
}

@CommandHandler(ArchiveSegmentCommand)
export class ArchiveSegmentHandler implements ICommandHandler<ArchiveSegmentCommand> {
  constructor(private readonly repository: SegmentRepository, @Inject(SEGMENTS_CLOCK) private readonly clock: Clock) {}

  execute(command: ArchiveSegmentCommand): Promise<SegmentChange> {
    return handle(this.repository, this.clock, { kind: 'archive', ...command.input }, command.requestId);
  }
}
