import { IsInt, Max, Min } from 'class-validator';
import { IsAmount, IsCategory, IsFlag, IsFundCode, IsInstitutionId, IsOneOf } from './field-rules';
import { EventType } from './event-type.decorator';
import { CURRENCIES, Category, Currency } from '../value-sets';

/** The fund a fund event is about; every fund event names all three. */
export abstract class FundRef {
  @IsFundCode() fundCode!: string;
  @IsCategory() category!: Category;
  @IsInstitutionId() institutionId!: string;
}

export const MAX_DWELL_SECONDS = 86_400;

/** v1 added `dwellSeconds`; v0 events are read through the FundViewed v0 upcaster. */
@EventType('FundViewed', 1)
export class FundViewedData extends FundRef {
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be at least 0' })
  @Max(MAX_DWELL_SECONDS, { message: `must be at most ${MAX_DWELL_SECONDS}` })
  dwellSeconds!: number;
}

@EventType('FundFollowed', 1)
export class FundFollowedData extends FundRef {}

@EventType('FundUnfollowed', 1)
export class FundUnfollowedData extends FundRef {}

@EventType('FundSubscribed', 1)
export class FundSubscribedData extends FundRef {
  @IsAmount() amount!: string;
  @IsOneOf(CURRENCIES) currency!: Currency;
}

@EventType('FundRedeemed', 1)
export class FundRedeemedData extends FundRef {
  @IsAmount() amount!: string;
  /** true closes the position; a partial redemption leaves it open. */
  @IsFlag() full!: boolean;
}
