import path from 'node:path';
import { Command, Option } from 'commander';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { runScript } from '../delegate';
import { historyTable, releaseHistory } from '../model-history';
import { compareCommand, promoteCommand, rollbackCommand } from './model-lifecycle';
import { givenOptions, wholeNumber, withExamples } from '../options';
import { repoRoot } from '../repository';

const productsCsv = path.resolve(repoRoot, '..', 'shared', 'data', 'pricerunner', 'products.csv');

export function modelCommand(): Command {
  const model = new Command('model').description(
    'model versions: build the reference model, check a handed-over one, serve one, publish one',
  );

  const build: Command = new Command('build')
    .description('train the reference model (tokenizer and classifier) and write a model version directory')
    .requiredOption('--out <dir>', 'the version directory to write')
    .option(
      '--data <csv>',
      `products with titles and categories (default ${path.relative(process.cwd(), productsCsv)})`,
    )
    .option('--version <v>', 'version name written into model.json (default v1)')
    .option('--seed <n>', 'training seed (default 42)', wholeNumber(0))
    .action(async () => {
      const data = build.getOptionValue('data') === undefined ? ['--data', productsCsv] : [];
      process.exitCode = await runScript('model-server/src/reference-model/cli.ts', [...data, ...givenOptions(build)]);
    });

  const serve: Command = new Command('serve')
    .description('serve a model version over KServe v1/v2 (the model server of the platform)')
    .option('--model-dir <dir>', 'a model version directory (default: the reference model, built if missing)')
    .option('--http-port <port>', 'default 8080', wholeNumber(1, 65535))
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .addOption(new Option('--role <role>', 'default all').choices(['all', 'predictor', 'transformer']))
    .option('--predictor-host <host:port>', 'the predictor the transformer role calls')
    .option('--max-batch-size <n>', 'largest dynamic batch (default 32)', wholeNumber(1))
    .option('--max-batch-delay-ms <ms>', 'longest wait for a batch to fill (default 2)', wholeNumber(0))
    .addOption(new Option('--execution-provider <ep>', 'default cpu').choices(['cpu', 'cuda']))
    .option('--max-texts-per-request <n>', 'most titles in one request (default 32768)', wholeNumber(1))
    .action(async () => {
      const modelDir =
        serve.getOptionValue('modelDir') === undefined ? ['--model-dir', await ensureReferenceModel()] : [];
      process.exitCode = await runScript('model-server/src/cli.ts', ['serve', ...modelDir, ...givenOptions(serve)]);
    });

  const check = new Command('check')
    .description(
      'load a model directory as the server would, print its signature and classify a sample; exit 1, saying what is wrong, when the server could not serve it',
    )
    .argument(
      '<dir>',
      'the directory a researcher handed over (model.onnx, tokenizer.json, config.json or labels.json)',
    )
    .argument('[titles...]', 'titles to classify (default: three sample titles)')
    .action(async (dir: string, titles: string[]) => {
      process.exitCode = await runScript('model-server/src/cli.ts', ['check', dir, ...titles]);
    });

  const list: Command = new Command('list')
    .description(
      "the versions in a stack's model store (or any store) with their metrics and lineage, and which stack runs which",
    )
    .option('--stack <stack>', 'the model store of Pulumi.<stack>.yaml')
    .option('--store <uri>', 'or this store: file:///dir, gs://bucket[/prefix], pvc://claim[/path]')
    .option('--model-name <name>', 'model directory in the store (default category-classifier)')
    .option('--namespace <ns>', 'namespace of the claim, for pvc://')
    .action(async () => {
      process.exitCode = await runScript('scripts/publish-model/cli.ts', ['list', ...givenOptions(list)]);
    });

  const history = new Command('history')
    .description(
      "a stack's deployment history: git log of stacks/<stack>/release.yaml, with the model version of each change",
    )
    .requiredOption('--stack <stack>', 'dev, ops or local')
    .action(async () => {
      const stack = String(history.getOptionValue('stack'));
      const changes = await releaseHistory(repoRoot, stack);
      if (changes.length === 0) throw new Error(`stacks/${stack}/release.yaml has no history in this repository`);
      console.log(historyTable(changes));
    });

  const publish: Command = new Command('publish')
    .description("copy a model version to a stack's model store, refusing to overwrite a version with other bytes")
    .requiredOption('--model-dir <dir>', 'the version directory')
    .requiredOption('--version <v>', 'version name, e.g. v2')
    .option('--stack <stack>', 'the model store of Pulumi.<stack>.yaml')
    .option('--store <uri>', 'or this store: file:///dir, gs://bucket[/prefix], pvc://claim[/path]')
    .option('--model-name <name>', 'model directory in the store (default category-classifier)')
    .option('--namespace <ns>', 'namespace of the claim, for pvc://')
    .option('--writer-claim <claim>', 'claim the copy Jobs mount read-write, for pvc://')
    .option('--job-image <image>', 'image of the copy Jobs, for pvc://')
    .action(async () => {
      process.exitCode = await runScript('scripts/publish-model/cli.ts', givenOptions(publish));
    });

  model.addCommand(
    withExamples(build, [['npx category-match model build --out models/v2 --seed 7', 'a second version']]),
  );
  model.addCommand(
    withExamples(serve, [
      ['npx category-match model serve', 'the reference model on http://127.0.0.1:8080'],
      ['npx category-match model serve --model-dir models/v2 --http-port 8081', 'another version beside it'],
    ]),
  );
  model.addCommand(
    withExamples(check, [
      ['npx category-match model check model-server/fixtures/pytorch-bert-tiny', 'the PyTorch conformance fixture'],
      ["npx category-match model check ./handover 'lg oled55c8 55 inch tv'", 'a directory, with a title of yours'],
    ]),
  );
  model.addCommand(
    withExamples(list, [
      ['npx category-match model list --stack dev', "dev's store (gcloud or kubectl access)"],
      ['npx category-match model list --store file:///srv/models', 'a local store'],
    ]),
  );
  model.addCommand(
    withExamples(history, [
      ['npx category-match model history --stack dev', 'who changed what dev runs, and when'],
      ['git log -p -- stacks/ops/release.yaml', 'the same with the diffs'],
    ]),
  );
  model.addCommand(compareCommand()).addCommand(promoteCommand()).addCommand(rollbackCommand());
  model.addCommand(
    withExamples(publish, [
      ['npx category-match model publish --model-dir models/v2 --version v2 --stack dev', "to dev's model store"],
      [
        'npx category-match model publish --model-dir models/v2 --version v2 --store file:///tmp/store',
        'a local store',
      ],
    ]),
  );
  return model;
}
