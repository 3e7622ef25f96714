import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildReferenceModel } from './build';

const USAGE =
  'usage: reference-model --data <products.csv> --out <dir> [--version v1] [--seed N]\n' +
  'Trains the tokenizer and classifier on the titles and writes model.onnx, tokenizer.json, labels.json, model.json.';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        version: { type: 'string', default: 'v1' },
        seed: { type: 'string', default: '42' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, { cause: error });
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.data === undefined || values.out === undefined) throw new Error(`--data and --out are required\n${USAGE}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed must be a non-negative integer, got "${values.seed}"`);
  if (!/^[A-Za-z0-9._-]+$/.test(values.version)) {
    throw new Error(`--version must be letters, digits, ".", "_" or "-", got "${values.version}"`);
  }
  // `npm run -w model-server` runs in the workspace folder; paths are meant relative to where the user typed.
  const base = process.env.INIT_CWD ?? process.cwd();
  const data = path.resolve(base, values.data);
  const out = path.resolve(base, values.out);
  const command = ['reference-model', ...process.argv.slice(2)].join(' ');
  const { card, seconds } = await buildReferenceModel({ data, out, version: values.version, seed, command });
  console.log(
    JSON.stringify({
      out,
      version: card.version,
      labels: card.labels.length,
      vocabSize: card.training.vocabSize,
      heldOutAccuracy: card.evaluation.accuracy,
      heldOutExamples: card.evaluation.heldOutExamples,
      seconds: Number(seconds.toFixed(1)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(`reference-model: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
