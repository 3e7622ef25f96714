import { readFile } from 'node:fs/promises';

/** The last lines of a process's log, for a start that failed; empty when there is no log. */
export async function logTail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}
