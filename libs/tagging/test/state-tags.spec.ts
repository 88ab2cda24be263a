import { foldUser } from '@tagstream/tagging';
import { BOND_A, given, GOLD_A, GOLD_B, stateTagsAfter } from './given';

describe('state tags', () => {
  describe('risk:<level>', () => {
    it('is the level of the last assessment', () => {
      expect(stateTagsAfter(given.riskAssessed('C2'), given.riskAssessed('C4'))).toEqual(['risk:C4']);
    });
    it('is absent before any assessment', () => {
      expect(stateTagsAfter(given.registered())).toEqual([]);
    });
  });

  describe('holder:<category> and inst:<id>:holder', () => {
    it('a subscription opens the position', () => {
      expect(stateTagsAfter(given.subscribed(GOLD_A))).toEqual(['holder:gold', 'inst:acme:holder']);
    });
    it('a second subscription keeps it open, never counted', () => {
      expect(stateTagsAfter(given.subscribed(GOLD_A), given.subscribed(GOLD_A), given.redeemed(GOLD_A, true))).toEqual([]);
    });
    it('a partial redemption changes nothing, the full one then closes it', () => {
      const partial = [given.subscribed(GOLD_A), given.redeemed(GOLD_A, false)];
      expect(stateTagsAfter(...partial)).toEqual(['holder:gold', 'inst:acme:holder']);
      expect(stateTagsAfter(...partial, given.redeemed(GOLD_A, true))).toEqual([]);
    });
    it('a redemption of a fund not held changes nothing, and does not pre-close a later subscription', () => {
      expect(stateTagsAfter(given.redeemed(GOLD_A, true), given.subscribed(GOLD_A))).toEqual(['holder:gold', 'inst:acme:holder']);
    });
    it('stays while another fund of the category is open', () => {
      expect(stateTagsAfter(given.subscribed(GOLD_A), given.subscribed(GOLD_B), given.redeemed(GOLD_A, true))).toEqual([
        'holder:gold',
        'inst:beta:holder',
      ]);
    });
    it('takes category and institution from the latest subscription of the fund', () => {
      const recategorised = { ...GOLD_A, category: 'qdii', institutionId: 'beta' };
      expect(stateTagsAfter(given.subscribed(GOLD_A), given.subscribed(recategorised))).toEqual(['holder:qdii', 'inst:beta:holder']);
    });
    it('a closed then reopened position uses the reopening subscription', () => {
      const recategorised = { ...GOLD_A, category: 'bond' };
      expect(stateTagsAfter(given.subscribed(GOLD_A), given.redeemed(GOLD_A, true), given.subscribed(recategorised))).toEqual([
        'holder:bond',
        'inst:acme:holder',
      ]);
    });
  });

  describe('follows:<category> and inst:<id>:follower', () => {
    it('a follow sets it', () => {
      expect(stateTagsAfter(given.followed(BOND_A))).toEqual(['follows:bond', 'inst:acme:follower']);
    });
    it('following again is a no-op: one unfollow clears it', () => {
      expect(stateTagsAfter(given.followed(BOND_A), given.followed(BOND_A), given.unfollowed(BOND_A))).toEqual([]);
    });
    it('following again keeps what the first follow said', () => {
      expect(stateTagsAfter(given.followed(BOND_A), given.followed({ ...BOND_A, category: 'equity' }))).toEqual([
        'follows:bond',
        'inst:acme:follower',
      ]);
    });
    it('an unfollow of a never-followed fund is a no-op', () => {
      expect(stateTagsAfter(given.followed(BOND_A), given.unfollowed(GOLD_A))).toEqual(['follows:bond', 'inst:acme:follower']);
      expect(stateTagsAfter(given.unfollowed(GOLD_A), given.followed(GOLD_A))).toEqual(['follows:gold', 'inst:acme:follower']);
    });
    it('is per fund: unfollowing one fund keeps the category of another', () => {
      expect(stateTagsAfter(given.followed(GOLD_A), given.followed(GOLD_B), given.unfollowed(GOLD_B))).toEqual([
        'follows:gold',
        'inst:acme:follower',
      ]);
    });
  });

  describe('dca:active and inst:<id>:dca', () => {
    it('a started plan makes it active', () => {
      expect(stateTagsAfter(given.autoInvestStarted('p1', GOLD_A))).toEqual(['dca:active', 'inst:acme:dca']);
    });
    it('stopping the plan clears it', () => {
      expect(stateTagsAfter(given.autoInvestStarted('p1', GOLD_A), given.autoInvestStopped('p1'))).toEqual([]);
    });
    it('stopping an unknown plan is a no-op', () => {
      expect(stateTagsAfter(given.autoInvestStarted('p1', GOLD_A), given.autoInvestStopped('p9'))).toEqual(['dca:active', 'inst:acme:dca']);
    });
    it('stopping a stopped plan is a no-op, and a plan started later is active', () => {
      const events = [given.autoInvestStopped('p1'), given.autoInvestStarted('p1', GOLD_A), given.autoInvestStopped('p1'), given.autoInvestStopped('p1')];
      expect(stateTagsAfter(...events)).toEqual([]);
      expect(stateTagsAfter(...events, given.autoInvestStarted('p2', GOLD_B))).toEqual(['dca:active', 'inst:beta:dca']);
    });
    it('stays active while another plan runs', () => {
      expect(stateTagsAfter(given.autoInvestStarted('p1', GOLD_A), given.autoInvestStarted('p2', GOLD_B), given.autoInvestStopped('p1'))).toEqual([
        'dca:active',
        'inst:beta:dca',
      ]);
    });
  });

  describe('consent', () => {
    it('is personalised by default', () => {
      expect(foldUser([given.registered()]).personalized).toBe(true);
    });
    it('off then on: the last change wins and the tags were kept throughout', () => {
      const off = foldUser([given.subscribed(GOLD_A), given.consentChanged(false)]);
      expect(off.personalized).toBe(false);
      expect(off.stateTags).toEqual(['holder:gold', 'inst:acme:holder']);
      const on = foldUser([given.consentChanged(true)], off.state);
      expect(on.personalized).toBe(true);
      expect(on.stateTags).toEqual(['holder:gold', 'inst:acme:holder']);
    });
  });

  it('events without state effect leave the state object itself unchanged', () => {
    const before = foldUser([given.subscribed(GOLD_A)]).state;
    const after = foldUser([given.viewed(GOLD_A, 30), given.sessionStarted(), given.redeemed(GOLD_B, true)], before).state;
    expect(after).toBe(before);
  });
});
