import { lineChartSvg, niceStep } from './charts';

describe('line charts', () => {
  it('picks round tick steps', () => {
    expect(niceStep(1, 5)).toBeCloseTo(0.2, 12);
    expect(niceStep(23, 5)).toBe(5);
    expect(niceStep(24, 12)).toBe(2);
    expect(niceStep(240_000, 5)).toBe(50_000);
  });

  it('draws each value as a step over its bucket and leaves a gap for a missing one', () => {
    const svg = lineChartSvg({
      title: 'Replicas <ready>',
      yLabel: 'replicas',
      bucketSeconds: 3600,
      integers: true,
      lines: [{ name: 'min 0 & more', values: [0, 1, null, 1] }],
    });
    // 864 px wide over 4 buckets from x = 72; y = 336 at 0 and 56 at 1.
    expect(svg).toContain('<path d="M72.0 336.0H288.0V56.0H504.0M720.0 56.0H936.0"');
    expect(svg).toContain('<title>Replicas &lt;ready&gt;</title>');
    expect(svg).toContain('>min 0 &amp; more</text>');
    // Whole-number ticks only, and the clock along the bottom.
    expect(svg.match(/dominant-baseline="middle">([\d.]+)<\/text>/g)).toHaveLength(2);
    for (const label of ['00:00', '01:00', '04:00']) expect(svg).toContain(`>${label}</text>`);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('spans the decades of the values on a log scale', () => {
    const svg = lineChartSvg({
      title: 'Latency',
      yLabel: 'seconds',
      bucketSeconds: 60,
      logScale: true,
      lines: [
        { name: 'cold', values: [0.04, 700] },
        { name: 'warm', values: [0.04, 0.04] },
      ],
    });
    for (const tick of ['0.01', '0.1', '1', '10', '100', '1k']) expect(svg).toContain(`>${tick}</text>`);
    expect(svg.match(/<path /g)).toHaveLength(2);
  });
});
