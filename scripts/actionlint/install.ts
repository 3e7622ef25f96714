import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The actionlint release every machine builds; bump it here only. */
export const actionlintVersion = 'v1.7.12';
export const actionlintModule = 'github.com/rhysd/actionlint/cmd/actionlint';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const defaultBinDir = path.join(repoRoot, '.cache', 'bin');

/** Building from source on a cold module cache takes a while on small CI machines. */
const installTimeoutMs = 10 * 60 * 1000;

/** Where a Go toolchain usually lives when it is not on PATH. */
export function goCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const candidates = [
    env.GO,
    env.GOROOT && path.join(env.GOROOT, 'bin', 'go'),
    ...(env.PATH ?? '').split(path.delimiter).map((dir) => dir && path.join(dir, 'go')),
    '/usr/local/go/bin/go',
    '/usr/lib/go/bin/go',
    env.HOME && path.join(env.HOME, 'go', 'bin', 'go'),
    env.HOME && path.join(env.HOME, 'sdk', 'go', 'bin', 'go'),
  ];
  return [...new Set(candidates.filter((candidate): candidate is string => Boolean(candidate)))];
}

/** The first Go toolchain that exists, or a clear error saying how to get one. */
export function findGo(env: NodeJS.ProcessEnv = process.env): string {
  const found = goCandidates(env).find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(
      `Go is needed to build actionlint ${actionlintVersion} but was not found (looked in: ${goCandidates(env).join(', ')}); ` +
        'install Go from https://go.dev/dl or set GO to its go binary',
    );
  }
  return found;
}

/** The version an actionlint binary reports (`v1.7.12`), or undefined when it does not run. */
export async function installedVersion(binary: string): Promise<string | undefined> {
  if (!existsSync(binary)) return undefined;
  try {
    const { stdout } = await run(binary, ['-version'], { timeout: 30_000 });
    return stdout.split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

/**
 * Returns the path of the pinned actionlint, building it with `go install` into `.cache/bin` when
 * it is missing or another version. The binary is built in a private directory and renamed into
 * place, so two processes installing at once never run a half-written file.
 */
export async function ensureActionlint(
  options: { binDir?: string; log?: (line: string) => void } = {},
): Promise<string> {
  const { binDir = defaultBinDir, log = () => undefined } = options;
  const actionlintPath = path.join(binDir, 'actionlint');
  if ((await installedVersion(actionlintPath)) === actionlintVersion) return actionlintPath;
  const go = findGo();
  log(`Building actionlint ${actionlintVersion} with ${go} into ${binDir}`);
  await mkdir(binDir, { recursive: true });
  const privateBin = await mkdtemp(path.join(binDir, '.actionlint-'));
  try {
    await run(go, ['install', `${actionlintModule}@${actionlintVersion}`], {
      timeout: installTimeoutMs,
      env: { ...process.env, GOBIN: privateBin, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' },
    });
    await rename(path.join(privateBin, 'actionlint'), actionlintPath);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`go install ${actionlintModule}@${actionlintVersion} failed: ${detail}`, { cause: error });
  } finally {
    await rm(privateBin, { recursive: true, force: true });
  }
  const version = await installedVersion(actionlintPath);
  if (version !== actionlintVersion) {
    throw new Error(`built actionlint reports version ${version ?? '(none)'}, expected ${actionlintVersion}`);
  }
  return actionlintPath;
}
