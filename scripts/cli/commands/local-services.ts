import { Command, Option } from 'commander';
import { runScript } from '../delegate';
import { givenOptions, wholeNumber, withExamples } from '../options';

/** Runs `script` with the command's positional `words` and the options the user gave, exiting with its status. */
async function delegate(command: Command, script: string, words: readonly string[], cwd?: string): Promise<void> {
  process.exitCode = await runScript(script, [...words, ...givenOptions(command)], cwd);
}

export function demoCommand(): Command {
  const command = new Command('demo')
    .description(
      'the whole data plane on this machine: a Kafka broker, the reference model, the model server and the worker; ' +
        'PriceRunner titles go through and are checked against their categories',
    )
    .option('--limit <n>', 'messages to send (default 2000)', wholeNumber(1, 1_000_000))
    .option(
      '--rate <msgs/s>',
      'messages per second (default: as fast as the broker takes them)',
      wholeNumber(1, 1_000_000),
    )
    .option('--seed <n>', 'order of the titles (default 1)', wholeNumber(1, 2 ** 31))
    .option(
      '--model-port <port>',
      'model server port, 0 for any free one (default: 18080 if free)',
      wholeNumber(0, 65535),
    )
    .option(
      '--metrics-port <port>',
      "worker's /metrics port, 0 for any free one (default: 18090 if free)",
      wholeNumber(0, 65535),
    )
    .option('--idle-timeout-s <s>', 'give up when no answer arrives for this long (default 120)', wholeNumber(1, 3600))
    .option('--verbose', 'a line per message instead of the progress display')
    .action(() => delegate(command, 'scripts/demo/cli.ts', []));
  return withExamples(command, [
    ['npx category-match demo', '2,000 titles as fast as they go: throughput, and latency that is mostly queueing'],
    ['npx category-match demo --rate 50 --limit 500', 'a steady 50 messages/s: the latency of one message'],
    ['npx category-match demo --verbose --limit 20', 'every message and its answer'],
  ]);
}

export function kafkaCommand(): Command {
  const kafka = new Command('kafka').description(
    'the local Kafka broker (KRaft, the pinned version) the demo and tests use',
  );
  const brokerOptions = (sub: Command) =>
    sub
      .option('--state-dir <dir>', 'its data, logs and credentials (default .kafka/default)')
      .option(
        '--port-base <port>',
        'PLAINTEXT on this port, SASL_PLAINTEXT +1, controller +2, SASL_SSL +3',
        wholeNumber(1024, 65532),
      );
  for (const [name, description, example] of [
    [
      'start',
      'start the broker (or find it running) and print its listeners and credentials',
      'a broker on 19092 (SASL 19093, SASL_SSL 19095)',
    ],
    ['status', 'print its listeners, or exit 3 when it is not running', 'is it running, and where'],
    ['stop', 'stop it', 'stop the broker on the default state directory'],
  ] as const) {
    const sub: Command = brokerOptions(new Command(name).description(description)).action(() =>
      delegate(sub, 'scripts/kafka/cli.ts', [name]),
    );
    kafka.addCommand(
      withExamples(sub, [
        [`npx category-match kafka ${name}`, example],
        [`npx category-match kafka ${name} --state-dir .kafka/mine --port-base 29000`, 'a broker of your own'],
      ]),
    );
  }
  const verify: Command = new Command('verify-transactions')
    .description("check the broker's log files for transactions no marker closed (exit 1 when one is found)")
    .requiredOption('--topics <t1,t2>', 'topics to check, e.g. category-match-out,category-match-dlq')
    .option('--state-dir <dir>', 'the broker state (default .kafka/default)')
    .action(() => delegate(verify, 'scripts/kafka/cli.ts', ['verify-transactions']));
  kafka.addCommand(
    withExamples(verify, [
      ['npx category-match kafka verify-transactions --topics category-match-out,category-match-dlq', 'after a demo'],
    ]),
  );
  return withExamples(kafka, [
    ['npx category-match kafka start', 'a broker on 19092 (and 19093-19095); prints the addresses'],
    ['npx category-match kafka status', 'is it running, where'],
    ['npx category-match kafka stop', 'stop it'],
  ]);
}

export function clusterCommand(): Command {
  const cluster = new Command('cluster').description(
    "the local Kubernetes API server (etcd, kube-apiserver, kube-controller-manager) and the add-ons' controllers (KServe, Knative Serving, cert-manager, KEDA) the local stack deploys to",
  );
  for (const [name, description, example] of [
    [
      'start',
      'start it (building the toolchain first if needed) and print its KUBECONFIG',
      'then: export KUBECONFIG=<printed path>; pulumi up -s local',
    ],
    [
      'status',
      'print where it runs and whether each controller is healthy, or exit 3 when it does not run',
      'is it running, and its KUBECONFIG',
    ],
    ['stop', 'stop every process and delete its data', 'stop it'],
  ] as const) {
    const sub: Command = new Command(name)
      .description(description)
      .option('--state-dir <dir>', 'its data and kubeconfig (default .cluster/default)')
      .action(() => delegate(sub, 'scripts/cluster/cli.ts', [name]));
    if (name === 'start') {
      sub
        .option('--no-controllers', "the bare API server, without the add-ons' controllers")
        .option('--stack <name>', 'the stack whose Knative settings the controllers take (default dev)');
    }
    cluster.addCommand(withExamples(sub, [[`npx category-match cluster ${name}`, example]]));
  }
  return withExamples(cluster, [
    ['npx category-match cluster start', 'then: export KUBECONFIG=<printed path>; pulumi up -s local'],
    ['npx category-match cluster stop', 'stop it'],
  ]);
}

export function benchCommand(): Command {
  const bench = new Command('bench').description('benchmarks that record their results in docs/benchmarks/');
  const worker: Command = new Command('worker')
    .description('Kafka -> worker -> model server -> Kafka: maximum throughput and latency by stage')
    .option('--messages <n>', 'backlog drained for the maximum (default 50000)', wholeNumber(1))
    .option('--seconds <s>', 'seconds per offered load (default 10)', wholeNumber(1))
    .option('--batch-size <n>', 'titles per inference request (default 64)', wholeNumber(1))
    .option('--partitions <n>', 'input partitions (default 4)', wholeNumber(1))
    .option('--skip-settings', "leave out the worker's settings table")
    .option('--settings <keys>', 'settings rows to run, e.g. defaults,buffer-0')
    .option('--rounds <n>', 'run the settings rows this many times, alternating (default 1)', wholeNumber(1))
    .option('--baseline <checkout>', "another checkout's worker as one more settings row")
    .action(() => delegate(worker, 'worker/bench/bench.ts', [], 'worker'));
  const modelServer: Command = new Command('model-server')
    .description('the model server: in-process ceiling, batching on and off, concurrency')
    .addOption(new Option('--model <name>', 'which model (default reference)').choices(['reference', 'bert-mini']))
    .option('--model-dir <dir>', 'or a model version directory')
    .option('--duration-ms <ms>', 'per measurement (default 3000)', wholeNumber(500))
    .option('--repeats <n>', 'per measurement (default 3)', wholeNumber(1, 20))
    .addOption(new Option('--execution-provider <ep>', 'default cpu').choices(['cpu', 'cuda']))
    .option('--max-batch-delay-ms <ms>', 'longest wait for a batch to fill (default 2)')
    .action(() => delegate(modelServer, 'model-server/bench/bench.ts', [], 'model-server'));
  const fairness: Command = new Command('fairness')
    .description('one-title requests alone and beside a 30,000-title request: the p99 a large request costs them')
    .option('--duration-ms <ms>', 'per phase (default 5000)', wholeNumber(1000))
    .option('--large <n>', 'titles in the large request (default 30000)', wholeNumber(1))
    .action(() => delegate(fairness, 'model-server/bench/fairness.ts', [], 'model-server'));
  const planner: Command = new Command('planner')
    .description(
      'the cost planner against the real local data plane: latency and lag through a cold start, forecast vs measured',
    )
    .option('--rounds <n>', 'run the check this many times (default 1; about 2.5 minutes each)', wholeNumber(1, 20))
    .option('--cold-start <s>', 'seconds the model server stays away into the burst (default 60)', wholeNumber(20, 600))
    .action(() => delegate(planner, 'scripts/planner/reality-check-cli.ts', []));
  bench
    .addCommand(
      withExamples(worker, [
        ['npx category-match bench worker --skip-settings', 'throughput and latency by stage (about 3 minutes)'],
        [
          'npx category-match bench worker --settings defaults,buffer-4096 --rounds 3',
          'one setting, three alternating rounds',
        ],
      ]),
    )
    .addCommand(
      withExamples(modelServer, [
        ['npx category-match bench model-server', 'the reference model'],
        ['npx category-match bench model-server --model bert-mini', 'a BERT-sized model: the model run dominates'],
      ]),
    )
    .addCommand(
      withExamples(fairness, [['npx category-match bench fairness', 'small requests beside a 30,000-title one']]),
    )
    .addCommand(
      withExamples(planner, [
        ['npx category-match bench planner --rounds 3', 'three cold starts of 60 s; docs/cost.md reads the result'],
      ]),
    );
  return withExamples(bench, [
    ['npx category-match bench worker --skip-settings', 'throughput and latency by stage (about 3 minutes)'],
    ['npx category-match bench model-server', 'the model server alone'],
    ['npm run benchmarks', 'docs/benchmarks.md from the recorded runs'],
  ]);
}
