import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** One `${{ }}` template and the contexts (`inputs`, `github`, `vars`, `matrix`, ...) it is evaluated in. */
export interface ExpressionCase {
  readonly template: string;
  readonly contexts: Readonly<Record<string, unknown>>;
}

/**
 * What GitHub Actions makes of each template, by its own expression engine, so workflow tests can
 * assert what an expression does rather than how it is spelled.
 */
export function evaluateTemplates(cases: readonly ExpressionCase[]): unknown[] {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'evaluate-expressions.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(output) as unknown[];
}
