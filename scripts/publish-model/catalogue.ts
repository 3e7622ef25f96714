import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { CommandRunner } from './command';
import { isAbsentObject } from './gcs-store';
import { checksumsFile } from './model-files';

/** A store that can say which versions it holds and show their model cards. */
export interface ModelCatalogue {
  /** Complete versions (their checksums manifest written), sorted. */
  versions(modelName: string): Promise<string[]>;
  /** A version's model.json text, or undefined when it has none. */
  card(modelName: string, version: string): Promise<string | undefined>;
}

/** The versions of a local store directory. */
export function fileCatalogue(root: string): ModelCatalogue {
  return {
    async versions(modelName) {
      const dir = path.join(root, modelName);
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      const complete = await Promise.all(
        entries
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
          .map(async (entry) =>
            (await readdir(path.join(dir, entry.name))).includes(checksumsFile) ? [entry.name] : [],
          ),
      );
      return complete.flat().sort();
    },
    card: (modelName, version) =>
      readFile(path.join(root, modelName, version, 'model.json'), 'utf8').catch(() => undefined),
  };
}

/** The versions of a Cloud Storage store, read with `gcloud storage` as the current account. */
export function gcsCatalogue(baseUri: string, runner: CommandRunner): ModelCatalogue {
  const base = baseUri.replace(/\/+$/, '');
  return {
    async versions(modelName) {
      const listing = await runner
        .run('gcloud', ['storage', 'ls', `${base}/${modelName}/*/${checksumsFile}`])
        .catch((error: unknown) => {
          if (isAbsentObject(error)) return '';
          throw error;
        });
      return listing
        .split('\n')
        .map((line) => /\/([^/]+)\/[^/]+$/.exec(line.trim())?.[1])
        .filter((version): version is string => version !== undefined)
        .sort();
    },
    card: (modelName, version) =>
      runner.run('gcloud', ['storage', 'cat', `${base}/${modelName}/${version}/model.json`]).catch((error: unknown) => {
        if (isAbsentObject(error)) return undefined;
        throw error;
      }),
  };
}

/**
 * The versions of a model disk (`pvc://`), from the records publish-model leaves beside its claim: the disk itself is
 * only readable from a pod, so their model cards (and metrics) are not shown.
 */
export function pvcCatalogue(namespace: string, runner: CommandRunner): ModelCatalogue {
  return {
    async versions(modelName) {
      const listing = await runner.run('kubectl', [
        'get',
        'configmaps',
        '-n',
        namespace,
        '-l',
        'app.kubernetes.io/managed-by=publish-model',
        '-o',
        'json',
      ]);
      const items = (JSON.parse(listing) as { items?: { data?: Record<string, string> }[] }).items ?? [];
      return items
        .flatMap(({ data }) => (data?.model === modelName && data.version !== undefined ? [data.version] : []))
        .sort();
    },
    card: () => Promise.resolve(undefined),
  };
}

/** One row of `model list`. */
export interface VersionRow {
  readonly version: string;
  readonly accuracy: string;
  readonly calibrationError: string;
  readonly builtAt: string;
  readonly commit: string;
  readonly runningIn: string;
}

const field = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined),
    value,
  );

/** Which model version each stack's release.yaml names. */
export async function releasedVersions(repoRoot: string): Promise<Map<string, string>> {
  const stacksDir = path.join(repoRoot, 'stacks');
  const stacks = (await readdir(stacksDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const released = new Map<string, string>();
  for (const stack of stacks) {
    const text = await readFile(path.join(stacksDir, stack.name, 'release.yaml'), 'utf8').catch(() => undefined);
    const version = text === undefined ? undefined : field(parse(text), 'model', 'version');
    if (typeof version === 'string') released.set(stack.name, version);
  }
  return released;
}

/** Every version in the store with the metrics and lineage its model.json records, and the stacks that run it. */
export async function listVersions(
  catalogue: ModelCatalogue,
  modelName: string,
  released: ReadonlyMap<string, string>,
): Promise<VersionRow[]> {
  const versions = await catalogue.versions(modelName);
  return Promise.all(
    versions.map(async (version) => {
      const text = await catalogue.card(modelName, version);
      let card: unknown;
      try {
        card = text === undefined ? undefined : JSON.parse(text);
      } catch {
        card = undefined;
      }
      const shown = (value: unknown) => (value === undefined ? '' : String(value));
      return {
        version,
        accuracy: shown(field(card, 'evaluation', 'accuracy')),
        calibrationError: shown(field(card, 'evaluation', 'calibration', 'ece')),
        builtAt: shown(field(card, 'lineage', 'builtAt'))
          .slice(0, 16)
          .replace('T', ' '),
        commit: shown(field(card, 'lineage', 'commit')).slice(0, 12),
        runningIn: [...released]
          .filter(([, running]) => running === version)
          .map(([stack]) => stack)
          .join(', '),
      };
    }),
  );
}

/** The rows as an aligned table. */
export function versionTable(rows: readonly VersionRow[]): string {
  const table = [
    ['version', 'accuracy', 'calibration error', 'built', 'commit', 'running in'],
    ...rows.map((row) => [row.version, row.accuracy, row.calibrationError, row.builtAt, row.commit, row.runningIn]),
  ];
  const widths = table[0]?.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length))) ?? [];
  return table
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
