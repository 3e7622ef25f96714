import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ConsumedRecord } from '../test/support/kafka';
import { repoRoot } from '../test/support/paths';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'node_modules', '.bin', 'category-match');

/**
 * A topic as a user reads it: `npx category-match consume --from-beginning --jsonl`, until nothing new came for
 * `idleSeconds`. The campaigns compare it with their own reader, so what a person sees is checked too.
 */
export async function consumeAsUser(brokers: string, topic: string, idleSeconds = 3): Promise<ConsumedRecord[]> {
  const args = ['consume', '--topic', topic, '--from-beginning', '--idle-timeout-s', String(idleSeconds), '--jsonl'];
  const { stdout } = await run(bin, [...args, '--brokers', brokers], { cwd: repoRoot, maxBuffer: 1 << 30 });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const shown = JSON.parse(line) as Omit<ConsumedRecord, 'value' | 'key'> & { key: string | null };
      return { ...shown, key: shown.key ?? '', value: null };
    });
}
