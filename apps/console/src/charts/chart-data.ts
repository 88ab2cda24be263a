import type { ExposureRow, InsightShare } from '../api/api-types';

/** Bars for the insights chart: shares shown, largest first; below-floor tags listed apart, with no number. */
export interface InsightBars {
  tags: string[];
  percents: number[];
  hidden: string[];
}

export function insightBars(shares: readonly InsightShare[]): InsightBars {
  const shown = shares.filter((s) => !s.belowFloor && s.share !== null).sort((a, b) => (b.share as number) - (a.share as number) || a.tag.localeCompare(b.tag));
  return {
    tags: shown.map((s) => s.tag),
    percents: shown.map((s) => Math.round((s.share as number) * 1000) / 10),
    hidden: shares.filter((s) => s.belowFloor || s.share === null).map((s) => s.tag).sort(),
  };
}

/**
 * The insights bar chart. The tag axis is as wide as its longest label in the
 * font the browser actually uses (ECharts measures it: `outerBoundsMode`
 * 'same' keeps labels inside the chart), not a fixed width: with a Chinese
 * page the fallback font is wider and a fixed 140 px clipped the longest tag.
 */
export function insightsOption(bars: InsightBars, words: { share: string; percent(value: number): string }) {
  return {
    grid: { left: 8, right: 56, top: 10, bottom: 30, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => words.percent(v) },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: (v: number) => words.percent(v) } },
    yAxis: { type: 'category', data: [...bars.tags].reverse() },
    series: [{ type: 'bar', name: words.share, data: [...bars.percents].reverse(), itemStyle: { color: '#1d4ed8' }, label: { show: true, position: 'right', formatter: (p: { value: number }) => words.percent(p.value) } }],
  };
}

/** What the exposure chart counts: audit records (answers) or the pseudonymous ids those answers carried. */
export type ExposureMetric = 'answers' | 'ids';

/**
 * One stacked series per tenant over every day of the range, days without
 * exposure at zero. Auditors' own look-ups (`compliance.*` actions) are not
 * exposure to a tenant: they form a series of their own (`lookups`), kept out
 * of the tenants' stack.
 */
export interface ExposureSeries {
  days: string[];
  series: { tenant: string; counts: number[]; lookups?: boolean }[];
}

export interface ExposureShaping {
  metric?: ExposureMetric;
  /** Name of the auditors' look-up series. */
  lookupsLabel?: string;
}

export function isAuditorLookup(action: string): boolean {
  return action.startsWith('compliance.');
}

export function exposureSeries(rows: readonly ExposureRow[], platformLabel: string, range?: { from: string; to: string }, shaping: ExposureShaping = {}): ExposureSeries {
  const present = rows.map((r) => r.day.slice(0, 10)).sort();
  const from = range?.from ?? present[0];
  const to = range?.to ?? present[present.length - 1];
  if (from === undefined || to === undefined) return { days: [], series: [] };
  const days = daysBetween(from, to);
  const index = new Map(days.map((day, i) => [day, i]));
  const byTenant = new Map<string, number[]>();
  const lookups = days.map(() => 0);
  let anyLookup = false;
  for (const row of rows) {
    const at = index.get(row.day.slice(0, 10));
    if (at === undefined) continue;
    const value = shaping.metric === 'ids' ? (row.ids ?? 0) : row.count;
    if (isAuditorLookup(row.action)) {
      anyLookup = true;
      lookups[at] += value;
      continue;
    }
    const tenant = row.tenant === '' || row.tenant === null ? platformLabel : row.tenant;
    const counts = byTenant.get(tenant) ?? days.map(() => 0);
    counts[at] += value;
    byTenant.set(tenant, counts);
  }
  const series: ExposureSeries['series'] = [...byTenant.entries()].map(([tenant, counts]) => ({ tenant, counts })).sort((a, b) => a.tenant.localeCompare(b.tenant));
  if (anyLookup) series.push({ tenant: shaping.lookupsLabel ?? 'compliance', counts: lookups, lookups: true });
  return { days, series };
}

/**
 * Which day labels the exposure chart shows: at most about 14, counted back
 * from the last day so the newest day (often today) is always labelled.
 */
export function dayLabelShown(index: number, dayCount: number, most = 14): boolean {
  const step = Math.max(1, Math.ceil(dayCount / most));
  return (dayCount - 1 - index) % step === 0;
}

/** The exposure chart's exact numbers: one row per day (newest first), one column per series, and the day's total of tenants. */
export interface ExposureTableRow {
  day: string;
  counts: Record<string, number>;
  tenantsTotal: number;
}

export function exposureTable(shaped: ExposureSeries): ExposureTableRow[] {
  return shaped.days
    .map((day, i) => ({
      day,
      counts: Object.fromEntries(shaped.series.map((s) => [s.tenant, s.counts[i]])),
      tenantsTotal: shaped.series.filter((s) => !s.lookups).reduce((sum, s) => sum + s.counts[i], 0),
    }))
    .reverse();
}

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end && days.length <= 3660; at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Two circles whose areas are proportional to the sizes of A and B and whose
 * lens is proportional to A∧B, in a box of `width` × `height`. When a number
 * is below the floor there is nothing to be proportional to: the picture then
 * shows two equal circles half overlapping and only the words carry meaning.
 */
export interface VennLayout {
  ra: number;
  rb: number;
  /** Distance between the centres. */
  d: number;
  cxA: number;
  cxB: number;
  cy: number;
  proportional: boolean;
}

export function vennLayout(a: number | null, b: number | null, both: number | null, width: number, height: number): VennLayout {
  const proportional = a !== null && b !== null && both !== null && a > 0 && b > 0;
  let ra = 1;
  let rb = 1;
  let d = 1;
  if (proportional) {
    ra = Math.sqrt(a / Math.PI);
    rb = Math.sqrt(b / Math.PI);
    d = distanceForLens(ra, rb, Math.min(both, a, b));
  }
  const scale = Math.min((width * 0.9) / (ra + rb + d), (height * 0.9) / (2 * Math.max(ra, rb)));
  ra *= scale;
  rb *= scale;
  d *= scale;
  const left = (width - (ra + d + rb)) / 2 + ra;
  return { ra, rb, d, cxA: left, cxB: left + d, cy: height / 2, proportional };
}

/** Area shared by two circles of radii r1, r2 whose centres are d apart. */
export function lensArea(r1: number, r2: number, d: number): number {
  if (d >= r1 + r2) return 0;
  if (d <= Math.abs(r1 - r2)) return Math.PI * Math.min(r1, r2) ** 2;
  const a1 = r1 * r1 * Math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1));
  const a2 = r2 * r2 * Math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2));
  const triangle = 0.5 * Math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2));
  return a1 + a2 - triangle;
}

// The lens shrinks as the centres move apart, so bisection finds the distance.
function distanceForLens(r1: number, r2: number, area: number): number {
  let near = Math.abs(r1 - r2);
  let far = r1 + r2;
  for (let i = 0; i < 60; i += 1) {
    const mid = (near + far) / 2;
    if (lensArea(r1, r2, mid) > area) near = mid;
    else far = mid;
  }
  return (near + far) / 2;
}
