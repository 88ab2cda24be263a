import { activityAfter, BOND_A, given, GOLD_A } from './given';

const DAY = '2026-11-20';

describe('activity tags', () => {
  it('active counts every event, consent changes included', () => {
    expect(activityAfter(given.sessionStarted(), given.consentChanged(false), given.autoInvestStopped('p1'))).toEqual([`active@${DAY}=3`]);
  });

  it('registered counts UserRegistered', () => {
    expect(activityAfter(given.registered())).toEqual([`active@${DAY}=1`, `registered@${DAY}=1`]);
  });

  it('viewed:<category> needs at least 5 seconds of dwell', () => {
    expect(activityAfter(given.viewed(GOLD_A, 4))).toEqual([`active@${DAY}=1`, `inst:acme:engaged@${DAY}=1`]);
    expect(activityAfter(given.viewed(GOLD_A, 5), given.viewed(GOLD_A, 600))).toEqual([
      `active@${DAY}=2`,
      `inst:acme:engaged@${DAY}=2`,
      `viewed:gold@${DAY}=2`,
    ]);
  });

  it('read:<kind> and asked:<topic>', () => {
    expect(activityAfter(given.articleRead('education', 'acme'), given.questionAsked('fees'))).toEqual([
      `active@${DAY}=2`,
      `asked:fees@${DAY}=1`,
      `inst:acme:engaged@${DAY}=1`,
      `read:education@${DAY}=1`,
    ]);
  });

  it('campaign:exposed and campaign:clicked', () => {
    expect(activityAfter(given.campaignExposed('acme'), given.campaignClicked('acme'))).toEqual([
      `active@${DAY}=2`,
      `campaign:clicked@${DAY}=1`,
      `campaign:exposed@${DAY}=1`,
      `inst:acme:engaged@${DAY}=2`,
    ]);
  });

  it('inst:<id>:engaged counts every event naming the institution, a question with one included', () => {
    const events = [
      given.followed(BOND_A),
      given.unfollowed(BOND_A),
      given.subscribed(BOND_A),
      given.redeemed(BOND_A, false),
      given.autoInvestStarted('p1', BOND_A),
      given.questionAsked('nav_drop', 'acme'),
    ];
    expect(activityAfter(...events)).toEqual([`active@${DAY}=6`, `asked:nav_drop@${DAY}=1`, `inst:acme:engaged@${DAY}=6`]);
  });

  it('counts on the UTC day of occurredAt, not the local one', () => {
    const lateLocal = '2026-11-21T07:59:59+08:00';
    const nextUtcDay = '2026-11-21T08:00:00+08:00';
    expect(activityAfter(given.sessionStarted(lateLocal), given.sessionStarted(nextUtcDay))).toEqual([
      'active@2026-11-20=1',
      'active@2026-11-21=1',
    ]);
  });
});
