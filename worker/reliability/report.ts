import type { DeliveryReport } from '../test/support/delivery-check';
import { passed, type RunVerdict } from './verdict';

/** A delivery report in one line, with a few of the ids each finding names. */
export function deliveryLine(report: DeliveryReport): string {
  const sample = (ids: string[]) =>
    ids.length > 0 ? ` (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})` : '';
  return (
    `${report.received} received, ${report.missing.length} missing${sample(report.missing)}, ` +
    `${report.duplicated.length} duplicated${sample(report.duplicated.map((id) => `${id} at ${report.duplicatePositions[id]?.join(' and ') ?? '?'}`))}, ` +
    `${report.outOfOrder.length} out of order${sample(report.outOfOrder)}, ${report.unexpected.length} unexpected`
  );
}

/** The verdict as lines a person reads: each check, and every finding. */
export function describeVerdict(verdict: RunVerdict): string[] {
  const input =
    `${verdict.inputs} records` +
    (verdict.inputDuplicates > 0 ? `, ${verdict.inputDuplicates} written twice by a retried send` : '') +
    (verdict.inputMissing.length > 0
      ? `, ${verdict.inputMissing.length} acknowledged but absent (${verdict.inputMissing.slice(0, 10).join(', ')})`
      : '');
  return [
    `  input:         ${input}`,
    `  results:       ${deliveryLine(verdict.results)}`,
    `  dead letters:  ${deliveryLine(verdict.deadLetters)}`,
    `  offsets:       ${verdict.offsetsBehind.length === 0 ? "committed at the input's end on every partition" : verdict.offsetsBehind.join('; ')}`,
    `  transactions:  ${verdict.transactions.clean ? 'every transaction closed by its own marker, on every broker' : `${verdict.transactions.findings.length} finding(s)`}`,
    ...verdict.transactions.findings.slice(0, 20).map((finding) => `    ${finding}`),
    passed(verdict) ? 'PASSED' : 'FAILED',
  ];
}
