import { parseTokenArgs, TokenArgsError } from '../src/token-args';

describe('parseTokenArgs', () => {
  it('reads role, tenant, days and sub, inline or spaced', () => {
    expect(parseTokenArgs(['--role', 'marketer', '--tenant=acme_fund', '--days', '1.5', '--sub', 'jane'])).toEqual({
      role: 'marketer',
      tenant: 'acme_fund',
      days: 1.5,
      sub: 'jane',
    });
  });

  it('defaults to 7 days and a sub naming the role', () => {
    expect(parseTokenArgs(['--role', 'admin'])).toEqual({ role: 'admin', days: 7, sub: 'cli-admin' });
  });

  it.each([
    [[], '--role is required'],
    [['--role', 'marketer'], '--tenant is required for role marketer'],
    [['--role', 'auditor', '--tenant', 'acme_fund'], '--tenant applies to marketers only'],
    [['--role', 'admin', '--days', '-1'], '--days must be a number of days greater than 0'],
    [['--role', 'admin', '--days', '400'], 'at most 366'],
    [['--role', 'admin', '--days'], '--days needs a value'],
    [['--role', 'admin', '--role', 'ingest'], '--role is given twice'],
    [['--role', 'admin', 'extra'], 'unexpected argument "extra"'],
    [['--role', 'admin', '--__proto__', 'x'], 'unknown option --__proto__'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseTokenArgs(argv)).toThrow(TokenArgsError);
    expect(() => parseTokenArgs(argv)).toThrow(message);
  });
});
