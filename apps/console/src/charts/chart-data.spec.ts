import { dayLabelShown, daysBetween, exposureSeries, exposureTable, insightBars, insightsOption, lensArea, vennLayout } from './chart-data';

describe('insight bars', () => {
  it('orders shares largest first as percents and lists below-floor tags apart', () => {
    const bars = insightBars([
      { tag: 'risk:C3', share: 0.25, belowFloor: false },
      { tag: 'holder:gold', share: 0.6123, belowFloor: false },
      { tag: 'dca:active', share: null, belowFloor: true },
      { tag: 'holder:bond', share: 0.25, belowFloor: false },
    ]);
    expect(bars.tags).toEqual(['holder:gold', 'holder:bond', 'risk:C3']);
    expect(bars.percents).toEqual([61.2, 25, 25]);
    expect(bars.hidden).toEqual(['dca:active']);
  });

  it('make room for the longest tag in whatever font draws it, rather than a fixed width', () => {
    const option = insightsOption(insightBars([{ tag: 'inst:demo_fund:follower', share: 0.2, belowFloor: false }]), { share: '占比', percent: (v) => `${v}%` });
    // ECharts shrinks the plot until every axis label fits inside the chart
    expect(option.grid).toMatchObject({ outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' });
    expect(option.grid.left).toBeLessThan(40);
    expect(option.yAxis.data).toEqual(['inst:demo_fund:follower']);
  });
});

describe('exposure series', () => {
  const rows = [
    { day: '2026-11-18', tenant: 'demo_fund', action: 'segment.snapshot', count: 2 },
    { day: '2026-11-18', tenant: 'demo_fund', action: 'segment.size', count: 3 },
    { day: '2026-11-20', tenant: '', action: 'user.tags', count: 7 },
    { day: '2026-11-20T00:00:00.000Z', tenant: 'other_fund', action: 'segment.preview', count: 1 },
  ];

  it('sums actions per tenant and day, fills missing days with zero and names the platform', () => {
    const shaped = exposureSeries(rows, 'platform');
    expect(shaped.days).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
    expect(shaped.series).toEqual([
      { tenant: 'demo_fund', counts: [5, 0, 0] },
      { tenant: 'other_fund', counts: [0, 0, 1] },
      { tenant: 'platform', counts: [0, 0, 7] },
    ]);
  });

  it('spans the requested range even where nothing happened and drops rows outside it', () => {
    const shaped = exposureSeries(rows, 'platform', { from: '2026-11-19', to: '2026-11-21' });
    expect(shaped.days).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
    expect(shaped.series.find((s) => s.tenant === 'demo_fund')).toBeUndefined();
    expect(shaped.series.find((s) => s.tenant === 'platform')?.counts).toEqual([0, 7, 0]);
  });

  it('is empty without rows or range', () => {
    expect(exposureSeries([], 'platform')).toEqual({ days: [], series: [] });
    expect(daysBetween('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
  });
});

describe('venn layout', () => {
  it('draws areas proportional to A, B and their overlap', () => {
    const v = vennLayout(4000, 1000, 500, 400, 200);
    expect(v.proportional).toBe(true);
    expect((v.ra / v.rb) ** 2).toBeCloseTo(4, 5);
    const lensShare = lensArea(v.ra, v.rb, v.d) / (Math.PI * v.ra * v.ra);
    expect(lensShare).toBeCloseTo(500 / 4000, 3);
    expect(v.cxA - v.ra).toBeGreaterThanOrEqual(0);
    expect(v.cxB + v.rb).toBeLessThanOrEqual(400);
  });

  it('separates disjoint sets and nests a subset', () => {
    const apart = vennLayout(1000, 1000, 0, 400, 200);
    expect(apart.d).toBeCloseTo(apart.ra + apart.rb, 3);
    const nested = vennLayout(1000, 250, 250, 400, 200);
    expect(nested.d).toBeLessThanOrEqual(nested.ra - nested.rb + 1e-6);
  });

  it('falls back to a plain picture when a number is below the floor', () => {
    const v = vennLayout(1000, null, null, 400, 200);
    expect(v.proportional).toBe(false);
    expect(v.ra).toBeCloseTo(v.rb, 6);
  });
});

describe('the exposure chart’s days', () => {
  it('always labels the newest day, and at most about 14', () => {
    for (const count of [1, 7, 14, 15, 30, 31, 90]) {
      const shown = Array.from({ length: count }, (_, i) => i).filter((i) => dayLabelShown(i, count));
      expect(shown[shown.length - 1]).toBe(count - 1);
      expect(shown.length).toBeLessThanOrEqual(15);
    }
    expect(Array.from({ length: 14 }, (_, i) => dayLabelShown(i, 14)).every(Boolean)).toBe(true);
  });

  it('give a table of the exact numbers, newest day first, tenants totalled apart from auditors’ look-ups', () => {
    const shaped = exposureSeries(
      [
        { day: '2026-12-04', tenant: 'demo_fund', action: 'segment.size', count: 3 },
        { day: '2026-12-05', tenant: 'demo_fund', action: 'segment.snapshot', count: 2 },
        { day: '2026-12-05', tenant: 'other_fund', action: 'segment.size', count: 5 },
        { day: '2026-12-05', tenant: '', action: 'compliance.subjects', count: 4 },
      ],
      'platform',
      { from: '2026-12-04', to: '2026-12-05' },
      { lookupsLabel: 'auditors' },
    );
    expect(exposureTable(shaped)).toEqual([
      { day: '2026-12-05', counts: { demo_fund: 2, other_fund: 5, auditors: 4 }, tenantsTotal: 7 },
      { day: '2026-12-04', counts: { demo_fund: 3, other_fund: 0, auditors: 0 }, tenantsTotal: 3 },
    ]);
  });
});
