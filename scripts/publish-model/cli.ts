import path from 'node:path';
import { parseArgs } from 'node:util';
import { listVersions, releasedVersions, versionTable } from './catalogue';
import { defaultModelName } from './model-files';
import { publishModel } from './publish';
import { defaultJobImage, openCatalogue, openStore } from './stores';

const repoRoot = path.resolve(__dirname, '..', '..');

const usage = `usage: npm run publish-model -- --model-dir <dir> --version <v> (--stack <stack> | --store <uri>) [options]

Copies one model version (model.onnx, tokenizer.json, labels.json, model.json) to a model store,
refusing to overwrite a version, verifying sha256 checksums, and prints its storage URI.

  --model-dir <dir>     the version directory, e.g. the output of the reference-model command
  --version <v>         version name, e.g. v2 (a path segment: letters, digits, ".", "_", "-")
  --stack <stack>       publish to the model store of Pulumi.<stack>.yaml (disk or bucket)
  --store <uri>         or to this store: file:///dir, gs://bucket[/prefix], pvc://claim[/path]
  --model-name <name>   model directory in the store (default ${defaultModelName})
  --namespace <ns>      namespace of the claim, for pvc:// (default: the stack's serving namespace)
  --writer-claim <c>    claim the copy Jobs mount read-write, for pvc:// (default: the stack's)
  --job-image <image>   image of the copy Jobs, for pvc:// (default ${defaultJobImage})`;

const listUsage = `usage: npm run publish-model -- list (--stack <stack> | --store <uri>) [--model-name <name>] [--namespace <ns>]

Lists the versions in a model store with the accuracy, calibration error and lineage their model.json records,
and the stacks whose release.yaml runs each.`;

/** `list`: the versions of a store and which stack runs which. */
async function list(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: 'string' },
      store: { type: 'string' },
      'model-name': { type: 'string' },
      namespace: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(listUsage);
    return;
  }
  if ((values.stack === undefined) === (values.store === undefined))
    throw new Error(`give either --stack or --store\n${listUsage}`);
  const fromStack =
    values.stack === undefined ? undefined : (await import('./stack-store.js')).stackModelStore(repoRoot, values.stack);
  const uri = values.store ?? fromStack?.uri ?? '';
  const modelName = values['model-name'] ?? defaultModelName;
  const rows = await listVersions(
    openCatalogue(uri, { namespace: values.namespace ?? fromStack?.namespace }),
    modelName,
    await releasedVersions(repoRoot),
  );
  console.log(rows.length === 0 ? `no versions of ${modelName} in ${uri}` : versionTable(rows));
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'list') return list(argv.slice(1));
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'model-dir': { type: 'string' },
      version: { type: 'string' },
      stack: { type: 'string' },
      store: { type: 'string' },
      'model-name': { type: 'string' },
      namespace: { type: 'string' },
      'writer-claim': { type: 'string' },
      'job-image': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(usage);
    return;
  }
  const modelDir = values['model-dir'];
  const { version } = values;
  if (modelDir === undefined || version === undefined)
    throw new Error(`--model-dir and --version are required\n${usage}`);
  if ((values.stack === undefined) === (values.store === undefined)) {
    throw new Error(`give either --stack or --store\n${usage}`);
  }

  // Loaded only with --stack: it reads the stack config schema and the infrastructure's names.
  const fromStack =
    values.stack === undefined ? undefined : (await import('./stack-store.js')).stackModelStore(repoRoot, values.stack);
  const storeUri = values.store ?? fromStack?.uri ?? '';
  const store = openStore(storeUri, {
    namespace: values.namespace ?? fromStack?.namespace,
    writerClaim: values['writer-claim'] ?? fromStack?.writerClaim,
    jobImage: values['job-image'],
    cluster: fromStack?.cluster,
  });
  // `npm run` starts in the repository root; a relative --model-dir means where the user typed it.
  const published = await publishModel({
    modelDir: path.resolve(process.env.INIT_CWD ?? process.cwd(), modelDir),
    version,
    store,
    modelName: values['model-name'],
  });

  console.log(
    published.alreadyPublished
      ? `${values['model-name'] ?? defaultModelName} ${version} is already published at ${published.uri} with the same files; nothing was written`
      : `Published ${values['model-name'] ?? defaultModelName} ${version} to ${published.uri}`,
  );
  console.log(published.checksums.trimEnd());
  if (values.stack !== undefined) {
    console.log(
      `Next: set the model version to ${version} in stacks/${values.stack}/release.yaml (storage URI ${published.uri}) and open a pull request.`,
    );
  }
  console.log(published.uri);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
