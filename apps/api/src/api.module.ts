import { Module } from '@nestjs/common';
import { AuthModule } from '@tagstream/auth';
import { ConsoleModule } from '../../console/server';
import { ComplianceModule, ErasureRegistry } from '@tagstream/compliance';
import { EventStoreSurrogateRegistry } from '@tagstream/projection';
import { PLATFORM_IDS, SegmentsModule, USER_SURROGATES } from '@tagstream/segments';
import { IntakeModule } from '@tagstream/intake';

/**
 * The HTTP API: the `/v1` guard and the feature modules that serve routes.
 * It carries no infrastructure, so the api process and the single process
 * both mount it on top of `InfrastructureModule`. The projection's mapping
 * (global `ProjectionModule`, mounted by each app) answers the segments'
 * `USER_SURROGATES` lookups and their reverse, `PLATFORM_IDS`.
 */
@Module({
  imports: [
    AuthModule,
    ConsoleModule.forRoot(),
    ComplianceModule,
    {
      module: SegmentsModule,
      providers: [
        { provide: USER_SURROGATES, useExisting: EventStoreSurrogateRegistry },
        { provide: PLATFORM_IDS, useExisting: EventStoreSurrogateRegistry },
      ],
    },
    // Events of people erased earlier are refused before anything of their batch is written.
    IntakeModule.register({ erasedUsers: ErasureRegistry }),
  ],
})
export class ApiModule {}
