import { Module } from '@nestjs/common';
import { AuditProjectionModule } from '@tagstream/compliance';
import { ProjectionModule } from '@tagstream/projection';

/**
 * The projector workers: the label projector reads the event store through a
 * checkpointed subscription and writes labels to ClickHouse, and the audit
 * projection writes the auditor's tables. Mounted by the projector process and
 * by the single process, so each runs once per deployment (never in the api
 * replicas); the label projection also provides the user id → surrogate
 * mapping that the API's modules look up.
 */
@Module({ imports: [ProjectionModule.forRoot({ runProjector: true }), AuditProjectionModule] })
export class ProjectorModule {}
