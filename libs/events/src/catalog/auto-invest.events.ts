import { IsAmount, IsOneOf, IsReferenceId } from './field-rules';
import { EventType } from './event-type.decorator';
import { FundRef } from './fund.events';
import { FREQUENCIES, Frequency } from '../value-sets';

@EventType('AutoInvestStarted', 1)
export class AutoInvestStartedData extends FundRef {
  @IsReferenceId() planId!: string;
  @IsAmount() amount!: string;
  @IsOneOf(FREQUENCIES) frequency!: Frequency;
}

@EventType('AutoInvestStopped', 1)
export class AutoInvestStoppedData {
  @IsReferenceId() planId!: string;
}
