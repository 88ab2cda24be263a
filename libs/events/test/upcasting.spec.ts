import { catalogUpcasters, Upcaster, UpcasterChain, UnreadableEventError } from '@tagstream/events';

describe('upcasting', () => {
  describe('FundViewed v0 → v1', () => {
    const v0 = { fundCode: '000001', category: 'bond', institutionId: 'acme' };

    it('reads a v0 view without dwellSeconds as a v1 view of 0 seconds', () => {
      expect(catalogUpcasters.upcast('FundViewed', 0, v0)).toEqual({ ...v0, dwellSeconds: 0 });
    });

    it('keeps a dwellSeconds a v0 event happened to carry', () => {
      expect(catalogUpcasters.upcast('FundViewed', 0, { ...v0, dwellSeconds: 9 })).toEqual({ ...v0, dwellSeconds: 9 });
    });

    it('leaves the stored object untouched (history is never rewritten)', () => {
      const stored = Object.freeze({ ...v0 });
      catalogUpcasters.upcast('FundViewed', 0, stored);
      expect(stored).toEqual(v0);
    });

    it('passes a current v1 event through as it is', () => {
      const v1 = { ...v0, dwellSeconds: 30 };
      expect(catalogUpcasters.upcast('FundViewed', 1, v1)).toBe(v1);
    });
  });

  it('refuses a version newer than the reader', () => {
    expect(() => catalogUpcasters.upcast('RiskAssessed', 2, { level: 'C1' })).toThrow(
      expect.objectContaining({ reason: 'newer_version' }),
    );
  });

  it('refuses an old version that has no upcaster', () => {
    expect(() => catalogUpcasters.upcast('RiskAssessed', 0, { level: 'C1' })).toThrow(
      expect.objectContaining({ reason: 'no_upcaster' }),
    );
  });

  it('refuses an unknown type', () => {
    expect(() => catalogUpcasters.upcast('FundBought', 1, {})).toThrow(UnreadableEventError);
  });

  it('chains steps in order', () => {
    const seen: string[] = [];
    const step = (fromVersion: number): Upcaster => ({
      type: 'RiskAssessed',
      fromVersion,
      upcast: (data) => {
        seen.push(`v${fromVersion}`);
        return { ...data, [`from${fromVersion}`]: true };
      },
    });
    // RiskAssessed is at v1, so only the 0 → 1 step applies; the chain must not run steps beyond the current version.
    const chain = new UpcasterChain([step(0), step(1)]);
    expect(chain.upcast('RiskAssessed', 0, { level: 'C2' })).toEqual({ level: 'C2', from0: true });
    expect(seen).toEqual(['v0']);
  });

  it('rejects two upcasters for the same step', () => {
    const upcaster: Upcaster = { type: 'FundViewed', fromVersion: 0, upcast: (d) => d };
    expect(() => new UpcasterChain([upcaster, upcaster])).toThrow('two upcasters for FundViewed v0');
  });
});
