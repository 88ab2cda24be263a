import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Principal } from '@tagstream/auth';
import { NotFoundError, ValidationFailedError } from '@tagstream/common';
import { currentRequestId } from '@tagstream/http';
import { Expr } from '../expression';
import { ExpressionReader } from '../audience/expression-reader';
import { currentVersion, Segment, visible } from './segment';
import { ArchiveSegmentCommand, CreateSegmentCommand, RedefineSegmentCommand, SegmentChange } from './segment.commands';
import { SegmentListReadModel } from './segment-list.read-model';
import { SegmentRepository } from './segment.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SegmentDefinitionInput {
  readonly name?: string;
  readonly description?: string | null;
  readonly expression: unknown;
  readonly expectedVersion?: number;
}

/**
 * Segment definitions for one marketer's tenant: commands through the bus,
 * reads from the streams and the list model. An auditor reads every tenant's
 * definitions (never changes them: the routes that change are the marketer's).
 */
@Injectable()
export class SegmentsService {
  constructor(
    private readonly commands: CommandBus,
    private readonly repository: SegmentRepository,
    private readonly list: SegmentListReadModel,
    private readonly reader: ExpressionReader,
  ) {}

  async create(principal: Principal, input: SegmentDefinitionInput & { name: string }): Promise<Segment> {
    const expression = this.reader.read(input.expression, principal);
    const change = await this.commands.execute(
      new CreateSegmentCommand(
        {
          segmentId: randomUUID(),
          tenant: tenantOf(principal),
          name: input.name,
          description: input.description ?? null,
          expression,
          expressionHash: this.reader.hash(expression),
          by: principal.sub,
        },
        currentRequestId(),
      ),
    );
    return this.settled(change);
  }

  async redefine(principal: Principal, segmentId: string, input: SegmentDefinitionInput): Promise<Segment> {
    checkId(segmentId);
    const expression = this.reader.read(input.expression, principal);
    const change = await this.commands.execute(
      new RedefineSegmentCommand(
        {
          segmentId,
          tenant: tenantOf(principal),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          expression,
          expressionHash: this.reader.hash(expression),
          ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
          by: principal.sub,
        },
        currentRequestId(),
      ),
    );
    return this.settled(change);
  }

  async archive(principal: Principal, segmentId: string): Promise<Segment> {
    checkId(segmentId);
    const change = await this.commands.execute(
      new ArchiveSegmentCommand({ segmentId, tenant: tenantOf(principal), by: principal.sub }, currentRequestId()),
    );
    return this.settled(change);
  }

  /** Read from the segment's own stream: always the latest, every version included. */
  async get(principal: Principal, segmentId: string): Promise<Segment> {
    checkId(segmentId);
    const { state } = await this.repository.load(segmentId);
    return visible(state, principal.role === 'auditor' ? state?.tenant ?? '' : tenantOf(principal), segmentId);
  }

  /** The definition audience routes evaluate: the current version. */
  async definition(principal: Principal, segmentId: string): Promise<{ segment: Segment; expression: Expr; version: number }> {
    const segment = await this.get(principal, segmentId);
    const current = currentVersion(segment);
    return { segment, expression: current.expression, version: current.version };
  }

  /** A marketer's own tenant's segments; for an auditor, every tenant's or the one asked for. */
  listFor(principal: Principal, includeArchived: boolean, tenant?: string): Promise<Segment[]> {
    if (principal.role === 'auditor') return this.list.list(tenant, includeArchived);
    if (tenant !== undefined && tenant !== tenantOf(principal)) {
      const message = 'tenant may name only the caller’s own tenant; reading other tenants’ segments is for auditors';
      throw new ValidationFailedError(message, [{ path: 'tenant', rule: 'ownTenant', message }]);
    }
    return this.list.list(tenantOf(principal), includeArchived);
  }

  /** Waits until the list model has this change, so the caller's next list shows it. */
  private async settled(change: SegmentChange): Promise<Segment> {
    await this.list.waitFor(change.position);
    return change.segment;
  }
}

/** Marketers always carry a tenant (the auth lib guarantees it); segments live in it. */
function tenantOf(principal: Principal): string {
  return principal.tenant as string;
}

/** Ids are UUIDs; anything else cannot name a segment. */
function checkId(segmentId: string): void {
  if (!UUID.test(segmentId)) throw new NotFoundError(`segment ${segmentId} not found`, { segmentId });
}
