import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUILDER_REVISION, buildReferenceModel } from './build';

/** The repository root: the cache and the shared data are found from it. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const productsCsv = path.resolve(repoRoot, '..', 'shared', 'data', 'pricerunner', 'products.csv');
const referenceModelDir = path.join(repoRoot, '.cache', 'models', 'category-classifier', 'v1');
const MODEL_FILES = ['model.onnx', 'tokenizer.json', 'labels.json', 'model.json'];
const STALE_LOCK_MS = 5 * 60_000;
const WAIT_LIMIT_MS = 6 * 60_000;

function isComplete(dir: string): boolean {
  return MODEL_FILES.every((file) => existsSync(path.join(dir, file)));
}

/** Written by this builder revision: a model cached by an older builder is built again. */
function isCurrentBuild(dir: string): boolean {
  try {
    const card = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as { builderRevision?: unknown };
    return card.builderRevision === BUILDER_REVISION;
  } catch {
    return false;
  }
}

function tryLock(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
    return true;
  } catch {
    // A lock left by a killed build must not block every later run.
    if (existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS) {
      rmSync(lockDir, { recursive: true, force: true });
      return tryLock(lockDir);
    }
    return false;
  }
}

/**
 * `dir` holding a complete model, built by `build(stagingDir)` when missing. Safe when several
 * processes call it at once: one builds under a lock directory, the others wait, and the finished
 * directory appears with one atomic rename.
 */
export async function ensureModelDirectory(
  dir: string,
  build: (out: string) => Promise<unknown>,
  isCurrent: (dir: string) => boolean = () => true,
): Promise<string> {
  const ready = () => isComplete(dir) && isCurrent(dir);
  const lockDir = `${dir}.lock`;
  const deadline = Date.now() + WAIT_LIMIT_MS;
  mkdirSync(path.dirname(dir), { recursive: true });
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the model in ${dir}`);
    if (!tryLock(lockDir)) {
      await sleep(200);
      continue;
    }
    try {
      if (ready()) break;
      const staged = `${dir}.build-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        await build(staged);
        rmSync(dir, { recursive: true, force: true });
        renameSync(staged, dir);
      } finally {
        rmSync(staged, { recursive: true, force: true });
      }
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
  return dir;
}

/**
 * The reference model (seed 42, version v1) in `<repo>/.cache/models/category-classifier/v1`,
 * built there once if missing.
 */
export function ensureReferenceModel(): Promise<string> {
  return ensureModelDirectory(
    referenceModelDir,
    (out) =>
      buildReferenceModel({
        data: productsCsv,
        out,
        version: 'v1',
        seed: 42,
        command: 'ensureReferenceModel() (tests, demo, benches)',
      }),
    isCurrentBuild,
  );
}
