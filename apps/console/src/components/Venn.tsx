import { vennLayout } from '../charts/chart-data';

interface Floored {
  value: number | null;
  belowFloor: boolean;
}

/**
 * Two circles, areas proportional to A and B and their lens to A∧B when all
 * three numbers are released; otherwise the picture is a placeholder and says
 * so (`labels.notToScale`), in words and in its description.
 */
export function Venn({
  a,
  b,
  both,
  labels,
  format,
}: {
  a: Floored;
  b: Floored;
  both: Floored;
  labels: { a: string; b: string; both: string; notToScale: string };
  format(value: Floored): string;
}) {
  const width = 480;
  const height = 240;
  const v = vennLayout(a.value, b.value, both.value, width, height);
  const numbers = `${labels.a}: ${format(a)}; ${labels.b}: ${format(b)}; ${labels.both}: ${format(both)}`;
  const description = v.proportional ? numbers : `${numbers}. ${labels.notToScale}`;
  const lensX = (v.cxA + v.ra + (v.cxB - v.rb)) / 2;
  return (
    <figure style={{ margin: 0 }}>
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label={description} data-testid="venn">
      <circle cx={v.cxA} cy={v.cy} r={v.ra} fill="#2563eb" fillOpacity={0.35} stroke="#1d4ed8" />
      <circle cx={v.cxB} cy={v.cy} r={v.rb} fill="#f59e0b" fillOpacity={0.35} stroke="#b45309" />
      <text x={Math.max(30, v.cxA - v.ra / 2)} y={v.cy} textAnchor="middle" fontSize={14} fontWeight={600}>
        {labels.a}
      </text>
      <text x={Math.min(width - 30, v.cxB + v.rb / 2)} y={v.cy} textAnchor="middle" fontSize={14} fontWeight={600}>
        {labels.b}
      </text>
      {v.d < v.ra + v.rb ? (
        <text x={lensX} y={v.cy + 4} textAnchor="middle" fontSize={12}>
          {format(both)}
        </text>
      ) : null}
    </svg>
    {v.proportional ? null : (
      <figcaption style={{ color: '#b45309' }} data-testid="venn-not-to-scale">
        {labels.notToScale}
      </figcaption>
    )}
    </figure>
  );
}
