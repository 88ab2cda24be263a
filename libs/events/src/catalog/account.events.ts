import { IsFlag, IsOneOf, IsRegion } from './field-rules';
import { EventType } from './event-type.decorator';
import { CHANNELS, Channel, DEVICES, Device, RISK_LEVELS, RiskLevel } from '../value-sets';

@EventType('UserRegistered', 1)
export class UserRegisteredData {
  @IsOneOf(CHANNELS) channel!: Channel;
  @IsRegion() region!: string;
}

@EventType('RiskAssessed', 1)
export class RiskAssessedData {
  @IsOneOf(RISK_LEVELS) level!: RiskLevel;
}

@EventType('SessionStarted', 1)
export class SessionStartedData {
  @IsOneOf(DEVICES) device!: Device;
  @IsRegion() region!: string;
}

@EventType('MarketingConsentChanged', 1)
export class MarketingConsentChangedData {
  @IsFlag() personalized!: boolean;
}
