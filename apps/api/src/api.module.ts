import { Module } from '@nestjs/common';
import { AuthModule } from '@tagstream/auth';
import { ConsoleModule } from '../../console/server';
import { ComplianceModule } from '@tagstream/compliance';
import { SegmentsModule } from '@tagstream/segments';
import { IntakeModule } from '@tagstream/intake';

/**
 * The HTTP API: the `/v1` guard and the feature modules that serve routes.
 * It carries no infrastructure, so the api process and the single process
 * both mount it on top of `InfrastructureModule`.
 */
@Module({
  imports: [AuthModule, ConsoleModule.forRoot(), ComplianceModule, SegmentsModule, IntakeModule.register()],
})
export class ApiModule {}
