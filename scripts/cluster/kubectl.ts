import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs the toolchain's kubectl against a kubeconfig; resolves its stdout, or fails with its stderr. */
export async function kubectl(
  bin: string,
  kubeconfig: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const child = run(path.join(bin, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  if (input !== undefined) child.child.stdin?.end(input);
  try {
    return (await child).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`kubectl ${args.join(' ')} failed: ${stderr ?? String(error)}`, { cause: error });
  }
}
