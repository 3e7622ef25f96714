import type { CategoryResult } from './messages';
import { bar } from './progress';
import type { RunningSummary } from './summary';

const titleWidth = 60;

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

export interface LineFigures {
  readonly answered: number;
  readonly limit: number;
  readonly accuracy: number;
  readonly throughput: number;
}

/** `  42/2000  apple iphone 8 plus 64gb silver  -> Mobile Phones (0.97) ok  | acc 95.2%  311.4 msg/s` */
export function resultLine(title: string, result: CategoryResult, truth: string, figures: LineFigures): string {
  const width = String(figures.limit).length;
  const verdict = result.category === truth ? 'ok' : `expected ${truth}`;
  return [
    `${String(figures.answered).padStart(width)}/${figures.limit}`,
    fit(title, titleWidth),
    `-> ${result.category} (${result.score.toFixed(2)}) ${verdict}`,
    `| acc ${(figures.accuracy * 100).toFixed(1)}%  ${figures.throughput.toFixed(1)} msg/s`,
  ].join('  ');
}

/** `[#####---------------] 512/2000 answered (ok 490, rejected 0)  acc 95.7%  311.4 msg/s  p50 812 ms` */
export function statusLine(summary: RunningSummary, limit: number): string {
  const answered = summary.resultCount + summary.rejected;
  const p50 = summary.latencyPercentile(0.5);
  return [
    `${bar(answered, limit)} ${answered}/${limit} answered (ok ${summary.correct}, rejected ${summary.rejected})`,
    `acc ${(summary.accuracy * 100).toFixed(1)}%`,
    `${summary.throughput().toFixed(1)} msg/s`,
    ...(p50 === undefined ? [] : [`p50 ${p50} ms`]),
  ].join('  ');
}
