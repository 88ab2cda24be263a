import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ValidationFailedError } from '@tagstream/common';
import { createValidationPipe } from './validation';

class FundData {
  @Matches(/^\d{6}$/, { message: 'fundCode must be six digits' })
  fundCode!: string;

  @IsInt()
  @Min(0)
  @Max(86400)
  dwellSeconds!: number;
}

class EventItem {
  @IsIn(['FundViewed'])
  type!: string;

  @ValidateNested()
  @Type(() => FundData)
  data!: FundData;
}

class EventBatch {
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => EventItem)
  events!: EventItem[];

  @IsString()
  source!: string;
}

const pipe = createValidationPipe();
const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: EventBatch });

async function problemsOf(body: unknown) {
  try {
    await validate(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as ValidationFailedError).problems;
  }
  throw new Error('body was accepted');
}

const good = { type: 'FundViewed', data: { fundCode: '000001', dwellSeconds: 5 } };

describe('createValidationPipe', () => {
  it('passes a valid body through as a DTO instance', async () => {
    const batch = await validate({ events: [good], source: 'app' });
    expect(batch).toBeInstanceOf(EventBatch);
    expect((batch as EventBatch).events[0].data).toBeInstanceOf(FundData);
  });

  it('reports nested problems with indexed paths and the item index', async () => {
    const problems = await problemsOf({ events: [good, { type: 'FundViewed', data: { fundCode: '12', dwellSeconds: -1 } }], source: 'app' });
    expect(problems).toEqual([
      { path: 'events[1].data.fundCode', rule: 'matches', message: 'events[1].data.fundCode must be six digits', index: 1 },
      { path: 'events[1].data.dwellSeconds', rule: 'min', message: 'events[1].data.dwellSeconds must not be less than 0', index: 1 },
    ]);
  });

  it.each(['__proto__', 'constructor', 'hasOwnProperty', 'isPrototypeOf', '__lookupGetter__'])(
    'rejects a %s key at any depth by its name, with the other problems',
    async (key) => {
      const body = JSON.parse(`{"events":[{"type":"FundViewed","data":{"fundCode":"1","dwellSeconds":5,"${key}":{}}}],"source":"app","${key}":1}`);
      expect(await problemsOf(body)).toEqual([
        { path: 'events[0].data.fundCode', rule: 'matches', message: 'events[0].data.fundCode must be six digits', index: 0 },
        { path: key, rule: 'unknownField', message: `${key} is not an allowed field` },
        { path: `events[0].data.${key}`, rule: 'unknownField', message: `events[0].data.${key} is not an allowed field`, index: 0 },
      ]);
    },
  );

  it('rejects unknown fields at any depth instead of stripping them', async () => {
    const problems = await problemsOf({ events: [{ ...good, data: { ...good.data, amount: '10.00' } }], source: 'app', extra: 1 });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'extra', rule: 'unknownField', message: 'extra is not an allowed field' },
        { path: 'events[0].data.amount', rule: 'unknownField', message: 'events[0].data.amount is not an allowed field', index: 0 },
      ]),
    );
  });

  it('reports every problem at once, top-level ones without an index', async () => {
    const problems = await problemsOf({ events: [good, good, good] });
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['events', 'arrayMaxSize'],
      ['source', 'isString'],
    ]);
    expect(problems[0].index).toBeUndefined();
  });
});
