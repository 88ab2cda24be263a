import { Module } from '@nestjs/common';
import { ProjectionModule } from '@tagstream/projection';

/**
 * The projector worker: reads the event store through a checkpointed
 * subscription and writes labels to ClickHouse. It is mounted by the projector
 * process and by the single process; it also provides the user id →
 * surrogate mapping that the API's modules look up.
 */
@Module({ imports: [ProjectionModule.forRoot({ runProjector: true })] })
export class ProjectorModule {}
