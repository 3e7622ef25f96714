/**
 * Line charts as standalone SVG text. Hand-written: the charting libraries that render SVG in Node (Vega) are
 * ESM-only, which this CommonJS toolchain and its tests cannot load without a second build; step lines, axes and a
 * legend take less code than that build.
 */

export interface ChartLine {
  readonly name: string;
  /** One value per bucket; null leaves a gap. */
  readonly values: readonly (number | null)[];
}

export interface LineChart {
  readonly title: string;
  readonly yLabel: string;
  readonly bucketSeconds: number;
  readonly lines: readonly ChartLine[];
  /** Logarithmic y axis, for values spanning orders of magnitude (latency: milliseconds to minutes). */
  readonly logScale?: boolean;
  /** Whole-number ticks only (replicas, messages). */
  readonly integers?: boolean;
}

const width = 960;
const height = 380;
const margin = { top: 56, right: 24, bottom: 44, left: 72 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;
// Colour-blind-safe (Okabe-Ito); dashes tell overlapping lines apart.
const colours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
const dashes = ['', '8 4', '2 3', '12 3 2 3'];

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A round step (1, 2 or 5 × 10^n) giving about `count` ticks up to `max`. */
export function niceStep(max: number, count: number): number {
  const raw = Math.max(max, Number.MIN_VALUE) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw);
  return step ?? 10 * magnitude;
}

const formatTick = (value: number) =>
  value >= 1000 ? `${value / 1000}k` : Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(2)));

function clockLabel(seconds: number): string {
  const hoursPart = Math.floor(seconds / 3600);
  const minutesPart = Math.floor((seconds % 3600) / 60);
  return `${String(hoursPart).padStart(2, '0')}:${String(minutesPart).padStart(2, '0')}`;
}

/** The y scale: linear from 0, or logarithmic over the decades the values span. */
function yScale(chart: LineChart): { y: (value: number) => number; ticks: number[] } {
  const values = chart.lines.flatMap((line) => line.values.filter((value): value is number => value !== null));
  const max = Math.max(0, ...values);
  if (chart.logScale === true) {
    const positive = values.filter((value) => value > 0);
    const low = 10 ** Math.floor(Math.log10(Math.min(...positive, 1)));
    const high = 10 ** Math.ceil(Math.log10(Math.max(max, low * 10)));
    const span = Math.log10(high) - Math.log10(low);
    const y = (value: number) =>
      margin.top + plotHeight - ((Math.log10(Math.max(value, low)) - Math.log10(low)) / span) * plotHeight;
    const ticks = Array.from({ length: span + 1 }, (_, index) => low * 10 ** index);
    return { y, ticks };
  }
  const step = Math.max(chart.integers === true ? 1 : 0, niceStep(max === 0 ? 1 : max, 5));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  return { y: (value: number) => margin.top + plotHeight - (value / top) * plotHeight, ticks };
}

/** Each line as a step path: a value holds for its bucket; a run of equal values is one segment. */
function stepPath(values: readonly (number | null)[], x: (bucket: number) => number, y: (value: number) => number) {
  const at = (bucket: number) => x(bucket).toFixed(1);
  let path = '';
  let level: string | undefined;
  values.forEach((value, bucket) => {
    if (value === null) {
      if (level !== undefined) path += `H${at(bucket)}`;
      level = undefined;
      return;
    }
    const top = y(value).toFixed(1);
    if (level === undefined) path += `M${at(bucket)} ${top}`;
    else if (level !== top) path += `H${at(bucket)}V${top}`;
    level = top;
  });
  if (level !== undefined) path += `H${at(values.length)}`;
  return path;
}

export function lineChartSvg(chart: LineChart): string {
  const buckets = Math.max(1, ...chart.lines.map((line) => line.values.length));
  const duration = buckets * chart.bucketSeconds;
  const x = (bucket: number) => margin.left + (bucket / buckets) * plotWidth;
  const { y, ticks } = yScale(chart);
  const xStep = niceStep(duration / 3600, 12) * 3600;
  const xTicks = Array.from({ length: Math.floor(duration / xStep) + 1 }, (_, index) => index * xStep);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(chart.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="20" font-size="15" font-weight="bold">${escape(chart.title)}</text>`,
    ...ticks.map((tick) => {
      const at = y(tick).toFixed(1);
      return `<line x1="${margin.left}" x2="${width - margin.right}" y1="${at}" y2="${at}" stroke="#ddd"/><text x="${margin.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle">${formatTick(tick)}</text>`;
    }),
    ...xTicks.map((tick) => {
      const at = (margin.left + (tick / duration) * plotWidth).toFixed(1);
      return `<line x1="${at}" x2="${at}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 5}" stroke="#333"/><text x="${at}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${clockLabel(tick)}</text>`;
    }),
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
    `<text transform="translate(16 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">time of day</text>`,
  ];
  chart.lines.forEach((line, index) => {
    const colour = colours[index % colours.length] ?? '#000';
    const dash = dashes[index % dashes.length] ?? '';
    parts.push(
      `<path d="${stepPath(line.values, x, y)}" fill="none" stroke="${colour}" stroke-width="${index === 0 ? 2.5 : 1.5}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}><title>${escape(line.name)}</title></path>`,
    );
    const legendX = margin.left + (index % 3) * 290;
    const legendY = 34 + Math.floor(index / 3) * 14;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 24}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2.5"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/><text x="${legendX + 30}" y="${legendY}" dominant-baseline="middle">${escape(line.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
