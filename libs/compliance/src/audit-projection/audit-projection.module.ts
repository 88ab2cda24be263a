import { Module } from '@nestjs/common';
import { ErasureRegistry } from '../erasure/erasure-registry';
import { AuditProjectionRunner } from './audit-projection.runner';

/**
 * The audit projection as a worker: mounted once per deployment, next to the
 * label projector (the projector process, or the single process), never in
 * the api replicas, which would each read every replica's records back.
 * Needs `EventStore`, `ClickHouse` and `AppConfig` (global in the apps); keeps
 * its own view of the erasures.
 */
@Module({ providers: [ErasureRegistry, AuditProjectionRunner] })
export class AuditProjectionModule {}
