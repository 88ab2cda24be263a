import { IsBoolean, IsIn, IsString, MaxLength, MinLength, ValidateBy, ValidationOptions } from 'class-validator';
import {
  AMOUNT_PATTERN,
  CATEGORIES,
  FUND_CODE_PATTERN,
  INSTITUTION_ID_PATTERN,
  REFERENCE_ID_PATTERN,
  REGION_MAX_LENGTH,
} from '../value-sets';

/**
 * Field rules shared by several event types. Each one carries a stable rule
 * name (the class-validator constraint name) because that name is part of the
 * 400 answer producers program against.
 */
function composed(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

function patternRule(name: string, pattern: RegExp, message: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && pattern.test(value),
        defaultMessage: () => message,
      },
    },
    options,
  );
}

export const IsFundCode = (): PropertyDecorator => patternRule('isFundCode', FUND_CODE_PATTERN, 'must be a string of six digits');

export const IsInstitutionId = (): PropertyDecorator =>
  patternRule('isInstitutionId', INSTITUTION_ID_PATTERN, `must match ${INSTITUTION_ID_PATTERN.source}`);

export const IsReferenceId = (): PropertyDecorator =>
  patternRule('isReferenceId', REFERENCE_ID_PATTERN, `must match ${REFERENCE_ID_PATTERN.source}`);

export const IsCategory = (): PropertyDecorator => IsIn(CATEGORIES as unknown as string[], { message: `must be one of: ${CATEGORIES.join(', ')}` });

export const IsOneOf = (values: readonly string[]): PropertyDecorator =>
  IsIn(values as string[], { message: `must be one of: ${values.join(', ')}` });

export const IsFlag = (): PropertyDecorator => IsBoolean({ message: 'must be a boolean' });

/** A decimal string greater than zero with at most two decimals ("1200", "0.5", "99.90"). */
export const IsAmount = (): PropertyDecorator =>
  ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && AMOUNT_PATTERN.test(value) && /[1-9]/.test(value),
      defaultMessage: () => 'must be a decimal string greater than 0 with at most two decimals, e.g. "1000.50"',
    },
  });

export const IsRegion = (): PropertyDecorator =>
  composed(
    IsString({ message: 'must be a string' }),
    MinLength(1, { message: 'must not be empty' }),
    MaxLength(REGION_MAX_LENGTH, { message: `must be at most ${REGION_MAX_LENGTH} characters` }),
  );

