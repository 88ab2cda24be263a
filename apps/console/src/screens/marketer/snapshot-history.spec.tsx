import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ApiError } from '../../api/api-client';
import type { Snapshot } from '../../api/api-types';
import { I18nProvider, translator } from '../../i18n/i18n';
import { snapshotRefusal } from './snapshot-attempt';
import { SnapshotHistory, SnapshotOutcome } from './SnapshotHistory';

const SNAPSHOTS: Snapshot[] = [
  { snapshotId: 'b2f0c6a1-0000-4000-8000-000000000002', definitionVersion: 3, size: 412, leftOut: 88, productRiskLevel: 'R3', asOf: '2026-12-05T10:00:00.000Z', createdAt: '2026-12-05T10:00:00.000Z', createdBy: 'jane' },
  { snapshotId: 'a1e0c6a1-0000-4000-8000-000000000001', definitionVersion: 2, size: 500, leftOut: 0, productRiskLevel: null, asOf: '2026-12-04T09:00:00.000Z', createdAt: '2026-12-04T09:00:00.000Z', createdBy: 'jane' },
];

// the API's own error bodies (libs/compliance, below-floor.error.ts)
const belowFloor = () => new ApiError(422, 'below_floor', 'the snapshot is below the privacy floor of 100', {});
const difference = () => new ApiError(422, 'difference_refused', 'the snapshot differs from an earlier answer by fewer than 100 people', {});

function render(node: ReactElement, locale: 'en-US' | 'zh-CN' = 'en-US'): string {
  globalThis.localStorage?.setItem('tagstream.locale', locale);
  Object.defineProperty(globalThis, 'navigator', { value: { language: locale }, configurable: true });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

describe('snapshot history', () => {
  it('lists each snapshot with its id, version, size, left out, risk level and a CSV download', () => {
    const html = render(<SnapshotHistory snapshots={SNAPSHOTS} downloads={{}} onDownload={() => undefined} />);
    const rows = html.split('data-row-key=').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('b2f0c6a1');
    expect(rows[0]).toContain('>3<');
    expect(rows[0]).toContain('412');
    expect(rows[0]).toContain('88');
    expect(rows[0]).toContain('R3');
    expect(rows[0]).toContain('data-testid="snapshot-row-download"');
    // no risk level: nothing was left out by suitability, shown as a dash rather than 0
    expect(rows[1]).toContain('a1e0c6a1');
    expect(rows[1]).toContain('none');
    expect(rows[1]).toContain('—');
  });

  it('says so when a segment has no snapshots', () => {
    expect(render(<SnapshotHistory snapshots={[]} downloads={{}} onDownload={() => undefined} />)).toContain('No snapshots yet.');
  });
});

describe('a refused snapshot', () => {
  it('is shown on its own, not next to the snapshot taken before it', () => {
    const html = render(<SnapshotOutcome attempt={{ kind: 'refused', error: belowFloor(), productRiskLevel: 'R5', at: '2026-12-05T11:00:00.000Z' }} downloads={{}} onDownload={() => undefined} />);
    expect(html).toContain('data-testid="snapshot-refused"');
    expect(html).not.toContain('data-testid="snapshot-result"');
    expect(html).not.toContain('download-csv');
    expect(html).toContain('No snapshot was taken for risk level R5');
  });

  it('says why, in both languages: the floor, suitability or the difference check', () => {
    for (const locale of ['en-US', 'zh-CN'] as const) {
      const t = translator(locale);
      const floor = snapshotRefusal(belowFloor(), undefined, t);
      const suitability = snapshotRefusal(belowFloor(), 'R4', t);
      const differs = snapshotRefusal(difference(), undefined, t);
      expect(new Set([floor, suitability, differs]).size).toBe(3);
      expect(suitability).toContain('R4');
      if (locale === 'zh-CN') for (const text of [floor, suitability, differs]) expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(snapshotRefusal(belowFloor(), 'R4', translator('en-US'))).toMatch(/suitability/);
    expect(snapshotRefusal(difference(), undefined, translator('en-US'))).toMatch(/earlier answer/);
    expect(snapshotRefusal(new ApiError(503, 'unavailable', 'x', {}), undefined, translator('en-US'))).toBeUndefined();
  });
});
