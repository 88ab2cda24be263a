import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { StaleVersionNotice } from '../builder/StaleVersionNotice';
import { I18nProvider } from '../i18n/i18n';
import { EChart } from './EChart';
import { SizeView } from './SizeView';
import { Venn } from './Venn';

// ECharts ships ES modules only and draws in an effect, which static markup never runs:
// the markup test needs nothing of it. The drawing itself is checked in Chromium.
jest.mock('echarts/charts', () => ({ BarChart: {} }));
jest.mock('echarts/components', () => ({ GridComponent: {}, LegendComponent: {}, TooltipComponent: {} }));
jest.mock('echarts/renderers', () => ({ SVGRenderer: {} }));
jest.mock('echarts/core', () => ({ use: () => undefined }));

function render(node: ReactElement): string {
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

const LABELS = { a: 'A', b: 'B', both: 'A and B', notToScale: 'Not to scale.' };
const format = (v: { value: number | null }) => (v.value === null ? 'below floor' : String(v.value));

describe('charts and size for people who cannot see the drawing', () => {
  it('keep the console’s own description on a chart: the drawing ECharts fills is hidden from screen readers', () => {
    const html = render(<EChart option={{}} label="Answers per UTC day: demo_fund 12" testId="exposure-chart" />);
    expect(html).toMatch(/<div role="img" aria-label="Answers per UTC day: demo_fund 12" data-testid="exposure-chart"><div aria-hidden="true"/);
  });

  it('say a Venn picture is not to scale when a number is below the floor', () => {
    const floored = render(<Venn a={{ value: 900, belowFloor: false }} b={{ value: null, belowFloor: true }} both={{ value: null, belowFloor: true }} labels={LABELS} format={format} />);
    expect(floored).toContain('data-testid="venn-not-to-scale"');
    expect(floored).toMatch(/aria-label="[^"]*Not to scale\./);
    const released = render(<Venn a={{ value: 900, belowFloor: false }} b={{ value: 400, belowFloor: false }} both={{ value: 100, belowFloor: false }} labels={LABELS} format={format} />);
    expect(released).not.toContain('Not to scale');
  });

  it('mark a size that belongs to the last valid expression', () => {
    const html = render(<SizeView title="Audience size" answer={{ size: 1234, belowFloor: false }} note="For the last valid expression." />);
    expect(html).toContain('data-testid="size-note"');
    expect(html).toContain('For the last valid expression.');
    expect(render(<SizeView title="Audience size" answer={{ size: 1234, belowFloor: false }} />)).not.toContain('size-note');
  });

  it('show the lag in seconds with a unit from the messages', () => {
    const html = render(<SizeView title="Audience size" answer={{ size: 1, belowFloor: false, freshness: { position: '42', reachedAt: '2026-11-23T00:00:00Z', lagSeconds: 2.5 } }} />);
    expect(html).toContain('lag 2.5 s');
  });

  it('tell a marketer plainly that a newer version was saved, keep their text and offer to load it', () => {
    const html = render(<StaleVersionNotice opened={2} current={3} text="active[60d] AND NOT risk:C1" onReload={() => undefined} />);
    expect(html).toContain('Someone saved a newer version of this segment (version 3) after you opened version 2');
    expect(html).toContain('active[60d] AND NOT risk:C1');
    expect(html).toContain('data-testid="reload-newest"');
  });
});
