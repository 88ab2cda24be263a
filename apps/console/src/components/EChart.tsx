import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/**
 * A chart described for screen readers by `label`, in the console's language.
 * ECharts' own aria component would write its English auto-description over
 * that label (with "NaN" for category axes), so it stays off and the drawing
 * itself is hidden from assistive technology; the wrapper carries the words.
 * The drawing is marked `lang="en"`: ECharts measures its labels on a canvas
 * outside the page, and on a Chinese page the browser would draw them (tag
 * names, numbers) in a wider CJK font than it measured, clipping the longest.
 */
export function EChart({ option, label, height = 320, testId }: { option: EChartsCoreOption; label: string; height?: number; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    if (!element.current) return undefined;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ ...option, aria: { enabled: false } }, true);
  }, [option]);

  return (
    <div role="img" aria-label={label} data-testid={testId}>
      <div ref={element} aria-hidden="true" lang="en" data-testid={testId ? `${testId}-drawing` : undefined} style={{ width: '100%', height }} />
    </div>
  );
}
