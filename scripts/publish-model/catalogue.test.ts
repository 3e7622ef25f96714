import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileCatalogue, gcsCatalogue, listVersions, pvcCatalogue, versionTable } from './catalogue';
import { CommandError, type CommandRunner } from './command';

const root = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A version directory as publish-model leaves it; `complete: false` leaves out the checksums manifest. */
function version(name: string, card: unknown, complete = true): void {
  const dir = path.join(root, 'category-classifier', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify(card));
  if (complete) writeFileSync(path.join(dir, 'checksums.sha256'), '');
}

/** A command runner that answers each command line from a table; unlisted lines fail as for an absent object. */
function scripted(answers: Readonly<Record<string, string>>): CommandRunner {
  return {
    run(command, args) {
      const line = [command, ...args].join(' ');
      const answer = answers[line];
      return answer === undefined
        ? Promise.reject(new CommandError(line, 1, 'ERROR: One or more URLs matched no objects.'))
        : Promise.resolve(answer);
    },
  };
}

describe('model list', () => {
  it('lists the complete versions of a store with their metrics and lineage, and the stacks running each', async () => {
    version('v1', {
      evaluation: { accuracy: 0.967, calibration: { ece: 0.0051 } },
      lineage: { builtAt: '2026-12-03T07:41:47.333Z', commit: '74184233f14db81f325a8e6f502911269cfaaa23' },
    });
    version('v2', { evaluation: { accuracy: 0.9632 } });
    version('v3', {}, false);
    const rows = await listVersions(
      fileCatalogue(root),
      'category-classifier',
      new Map([
        ['dev', 'v2'],
        ['ops', 'v1'],
        ['local', 'v1'],
      ]),
    );
    expect(rows).toEqual([
      {
        version: 'v1',
        accuracy: '0.967',
        calibrationError: '0.0051',
        builtAt: '2026-12-03 07:41',
        commit: '74184233f14d',
        runningIn: 'ops, local',
      },
      { version: 'v2', accuracy: '0.9632', calibrationError: '', builtAt: '', commit: '', runningIn: 'dev' },
    ]);
    expect(versionTable(rows).split('\n')).toEqual([
      'version  accuracy  calibration error  built             commit        running in',
      'v1       0.967     0.0051             2026-12-03 07:41  74184233f14d  ops, local',
      'v2       0.9632                                                       dev',
    ]);
  });

  it('reads a Cloud Storage store with gcloud', async () => {
    const catalogue = gcsCatalogue(
      'gs://acme-models/',
      scripted({
        'gcloud storage ls gs://acme-models/category-classifier/*/checksums.sha256':
          'gs://acme-models/category-classifier/v2/checksums.sha256\ngs://acme-models/category-classifier/v1/checksums.sha256\n',
        'gcloud storage cat gs://acme-models/category-classifier/v1/model.json': '{"evaluation":{"accuracy":0.9}}',
      }),
    );
    expect(await catalogue.versions('category-classifier')).toEqual(['v1', 'v2']);
    expect(await catalogue.card('category-classifier', 'v1')).toBe('{"evaluation":{"accuracy":0.9}}');
    expect(await catalogue.card('category-classifier', 'v2')).toBeUndefined();
    expect(await gcsCatalogue('gs://empty', scripted({})).versions('category-classifier')).toEqual([]);
  });

  it("reads a model disk's versions from the records beside its claim", async () => {
    const records = {
      items: [
        { data: { model: 'category-classifier', version: 'v2' } },
        { data: { model: 'other', version: 'v9' } },
        { data: { model: 'category-classifier', version: 'v1' } },
      ],
    };
    const catalogue = pvcCatalogue(
      'category-match',
      scripted({
        'kubectl get configmaps -n category-match -l app.kubernetes.io/managed-by=publish-model -o json':
          JSON.stringify(records),
      }),
    );
    expect(await catalogue.versions('category-classifier')).toEqual(['v1', 'v2']);
  });
});
