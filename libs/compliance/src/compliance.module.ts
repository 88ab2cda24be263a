import { Module } from '@nestjs/common';
import { DisclosureService } from './disclosure/disclosure.service';

/**
 * Privacy and compliance. Needs `AppConfig` (ConfigModule) and `EventStore`
 * (EventStoreModule), both global in the apps.
 */
@Module({
  providers: [DisclosureService],
  exports: [DisclosureService],
})
export class ComplianceModule {}
