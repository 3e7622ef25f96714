import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { compareModels, type Comparison, type ModelFigures } from '@category-match/model-server/compare';
import { comparisonItems } from '../comparison-input';
import { addKafkaOptions, type KafkaConnectionOptions } from '../kafka-connection';
import { releaseHistory } from '../model-history';
import { wholeNumber, withExamples } from '../options';
import { editRelease, nextStep, promotionProblems, readThresholds, releasedModel } from '../promotion';
import { repoRoot } from '../repository';

const modelName = 'category-classifier';

/** A model version's directory: the path given, or the version in a file store (`--store file:///…`). */
export function resolveModelDir(
  spec: string,
  store: string | undefined,
  base = process.env.INIT_CWD ?? process.cwd(),
): string {
  const direct = path.resolve(base, spec);
  if (existsSync(direct) && statSync(direct).isDirectory()) return direct;
  if (store?.startsWith('file://') === true) {
    const inStore = path.join(fileURLToPath(store), modelName, spec);
    if (existsSync(inStore)) return inStore;
    throw new Error(`version ${spec} is not in ${store} (no ${inStore})`);
  }
  throw new Error(
    `${spec} is neither a directory nor a version in a store: give a directory, or --store file:///… holding the version ` +
      '(copy one from a cloud store first, e.g. gcloud storage cp -r gs://…/category-classifier/<version> .)',
  );
}

const percent = (value: number | undefined) => (value === undefined ? 'n/a' : `${(value * 100).toFixed(2)} %`);

function figuresLine(name: string, figures: ModelFigures): string {
  return `  ${name.padEnd(9)} ${figures.version.padEnd(8)} accuracy ${percent(figures.accuracy).padEnd(8)}  calibration error ${String(figures.ece ?? 'n/a').padEnd(6)}  mean score ${figures.meanScore.toFixed(3)}  ${figures.microsecondsPerItem} µs per title  (${figures.dir})`;
}

export function comparisonReport(comparison: Comparison, source: string): string {
  return [
    `${comparison.items} titles from ${source}, ${comparison.labelled} with a known category`,
    figuresLine('candidate', comparison.candidate),
    figuresLine('baseline', comparison.baseline),
    `  agreement ${percent(comparison.agreement)}`,
    ...(comparison.disagreements.length === 0 ? [] : ['  where they disagree most:']),
    ...comparison.disagreements.map(
      ({ title, category, candidate, baseline }) =>
        `    ${title}: candidate ${candidate.label} ${candidate.score.toFixed(3)}, baseline ${baseline.label} ${baseline.score.toFixed(3)}` +
        (category === undefined ? '' : `, true ${category}`),
    ),
  ].join('\n');
}

interface CompareFlags extends KafkaConnectionOptions {
  readonly candidate: string;
  readonly baseline: string;
  readonly input: string;
  readonly limit: number;
  readonly store?: string;
  readonly json?: boolean;
}

export function compareCommand(): Command {
  const command = addKafkaOptions(
    new Command('compare')
      .description(
        'run two model versions on the same titles: agreement, accuracy, calibration, latency, disagreements',
      )
      .requiredOption('--candidate <dir|version>', 'the version to judge')
      .requiredOption('--baseline <dir|version>', 'the version to judge it against')
      .option(
        '--input <held-out|file|topic:name>',
        'titles: held-out (labelled), a CSV/JSON Lines file, or a topic sample',
        'held-out',
      )
      .option('--limit <n>', 'titles at most', wholeNumber(1), 10_000)
      .option('--store <uri>', 'where versions named by version live (file:///…)')
      .option('--json', 'the comparison as JSON'),
  ).action(async () => {
    const flags = command.opts<CompareFlags>();
    const candidate = resolveModelDir(flags.candidate, flags.store);
    const baseline = resolveModelDir(flags.baseline, flags.store);
    const { items, source } = await comparisonItems(flags.input, flags.limit, flags, [candidate, baseline]);
    const comparison = await compareModels(candidate, baseline, items);
    console.log(flags.json === true ? JSON.stringify(comparison, null, 2) : comparisonReport(comparison, source));
  });
  return withExamples(command, [
    [
      'npx category-match model compare --candidate models/v2 --baseline models/v1',
      'on the labelled held-out clusters',
    ],
    [
      'npx category-match model compare --candidate v2 --baseline v1 --store file:///srv/models --input topic:category-match-in --limit 2000',
      'on live titles from Kafka',
    ],
  ]);
}

interface PromoteFlags {
  readonly stack: string;
  readonly version: string;
  readonly canary: number;
  readonly candidateDir?: string;
  readonly baselineDir?: string;
  readonly store?: string;
  readonly input: string;
  readonly repo: string;
}

export function promoteCommand(): Command {
  const command = new Command('promote')
    .description(
      "edit a stack's release.yaml to a new model version, only when it passes stacks/<stack>/promotion.yaml against the running one",
    )
    .requiredOption('--stack <stack>', 'dev, ops or local')
    .requiredOption('--version <v>', 'the version to roll out')
    .option('--canary <percent>', 'share of requests the new version gets at first', wholeNumber(1, 100), 100)
    .option('--candidate-dir <dir>', "the new version's files (default: the version in --store)")
    .option('--baseline-dir <dir>', "the running version's files (default: its version in --store)")
    .option('--store <uri>', 'where versions live (file:///…)')
    .option('--input <held-out|file|topic:name>', 'titles the comparison runs on', 'held-out')
    .option('--repo <dir>', 'the checkout whose stacks/ to edit', repoRoot)
    .action(async () => {
      const flags = command.opts<PromoteFlags>();
      const releaseFile = path.join(flags.repo, 'stacks', flags.stack, 'release.yaml');
      const running = releasedModel(releaseFile);
      const thresholds = readThresholds(path.join(flags.repo, 'stacks', flags.stack, 'promotion.yaml'));
      const candidate = resolveModelDir(flags.candidateDir ?? flags.version, flags.store);
      const baseline = resolveModelDir(flags.baselineDir ?? running.version, flags.store);
      const { items, source } = await comparisonItems(flags.input, 10_000, {}, [candidate, baseline]);
      const comparison = await compareModels(candidate, baseline, items);
      console.log(comparisonReport(comparison, source));
      const problems = promotionProblems(comparison, thresholds);
      if (problems.length > 0) {
        console.log(`not promoted: ${problems.join('; ')}\n${releaseFile} is unchanged`);
        process.exitCode = 1;
        return;
      }
      console.log(editRelease(releaseFile, flags.version, flags.canary));
      console.log(nextStep(flags.repo, flags.stack));
    });
  return withExamples(command, [
    [
      'npx category-match model promote --stack dev --version v2 --store file:///srv/models',
      'all traffic to v2 if it passes',
    ],
    [
      'npx category-match model promote --stack ops --version v2 --canary 10 --candidate-dir models/v2 --baseline-dir models/v1',
      'a 10 % canary',
    ],
  ]);
}

export function rollbackCommand(): Command {
  const command = new Command('rollback')
    .description("return a stack's release.yaml to the model version it ran before the current one (from git log)")
    .requiredOption('--stack <stack>', 'dev, ops or local')
    .option('--repo <dir>', 'the checkout whose stacks/ to edit', repoRoot)
    .action(async () => {
      const { stack, repo } = command.opts<{ stack: string; repo: string }>();
      const releaseFile = path.join(repo, 'stacks', stack, 'release.yaml');
      const current = releasedModel(releaseFile).version;
      const previous = (await releaseHistory(repo, stack)).find(
        (change) => change.modelVersion !== current && change.modelVersion !== '?',
      );
      if (previous === undefined)
        throw new Error(`stacks/${stack}/release.yaml never named a model version other than ${current}`);
      console.log(
        `rolling back from ${current} to ${previous.modelVersion} (as of ${previous.commit.slice(0, 12)}, ${previous.subject})`,
      );
      console.log(editRelease(releaseFile, previous.modelVersion, 100));
      console.log(nextStep(repo, stack));
    });
  return withExamples(command, [
    ['npx category-match model rollback --stack dev', 'back to the version before the current one'],
  ]);
}
