import { Module } from '@nestjs/common';

/**
 * The projector worker: reads the event store through a checkpointed
 * subscription and writes labels to ClickHouse. It is mounted by the projector
 * process and by the single process; the projection itself plugs in here.
 */
@Module({})
export class ProjectorModule {}
