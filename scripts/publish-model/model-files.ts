import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { versionCompleteMarker } from '../../stacks/release-check/model-version-record';

/** The files of one model version, as the model server loads them from `/mnt/models`. */
export const modelFiles = ['model.onnx', 'tokenizer.json', 'labels.json', 'model.json'] as const;

/**
 * The checksums manifest written beside the model files (`sha256sum -c` reads it), last: the
 * program takes a version whose manifest exists as complete.
 */
export const checksumsFile = versionCompleteMarker;

/** The model name the platform serves, and the directory of its versions in a store. */
export const defaultModelName = 'category-classifier';

/** Version and model names become path segments and storage URIs: no slashes, no dot-dot. */
const segmentPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function checkPathSegment(what: string, value: string): string {
  if (!segmentPattern.test(value) || value.includes('..')) {
    throw new Error(
      `${what} ${JSON.stringify(value)} is not valid: use 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  return value;
}

/**
 * Checks that `dir` holds every model file, naming each missing one, and that `model.json`
 * (when it records a version) agrees with the version being published.
 */
export async function checkModelDir(dir: string, version: string): Promise<void> {
  const missing: string[] = [];
  for (const file of modelFiles) {
    try {
      await access(path.join(dir, file));
    } catch {
      missing.push(file);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `model directory ${dir} is missing ${missing.join(', ')} (a version needs ${modelFiles.join(', ')})`,
    );
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
  } catch (error) {
    throw new Error(`${path.join(dir, 'model.json')} is not valid JSON: ${String(error)}`, { cause: error });
  }
  const recorded =
    typeof metadata === 'object' && metadata !== null && 'version' in metadata ? metadata.version : undefined;
  if (typeof recorded === 'string' && recorded !== version) {
    throw new Error(
      `model.json in ${dir} says version ${JSON.stringify(recorded)}, but --version is ${JSON.stringify(version)}`,
    );
  }
}
