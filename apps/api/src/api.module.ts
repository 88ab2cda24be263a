import { Module } from '@nestjs/common';
import { AuthModule } from '@tagstream/auth';
import { ConsoleModule } from '../../console/server';
import { ComplianceModule } from '@tagstream/compliance';
import { SegmentsModule } from '@tagstream/segments';

/**
 * The HTTP API: the `/v1` guard and the feature modules that serve routes.
 * It carries no infrastructure, so the api process and the single process
 * both mount it on top of `InfrastructureModule`.
 */
@Module({
  imports: [AuthModule, ConsoleModule.forRoot(), ComplianceModule, SegmentsModule],
})
export class ApiModule {}
