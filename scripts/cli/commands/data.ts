import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import { consumeTopic, readableLine } from '../consume';
import { infer, inferenceLine, type Inference } from '../infer';
import {
  addKafkaOptions,
  bootstrapBrokers,
  kafkaClient,
  resolveKafkaConnection,
  type KafkaConnectionOptions,
} from '../kafka-connection';
import { wholeNumber, withExamples } from '../options';
import { produceProducts } from '../produce';
import { inputFormats, readProducts, type InputFormat } from '../product-input';

interface ProduceFlags extends KafkaConnectionOptions {
  readonly topic: string;
  readonly rate?: number;
  readonly limit?: number;
  readonly format?: InputFormat;
  readonly idPrefix: string;
}

export function produceCommand(): Command {
  const command = addKafkaOptions(
    new Command('produce')
      .description('send product titles to category-match-in (schema version 1, key = product id)')
      .argument(
        '[file]',
        'CSV (id or product_id, title or product_title columns), JSON Lines ({"id", "title"}) or text (a title per line); - or none: standard input',
      )
      .option('--topic <topic>', 'topic to write', 'category-match-in')
      .option('--rate <msgs/s>', 'messages per second (default: as fast as the broker takes them)', wholeNumber(1))
      .option('--limit <n>', 'stop after this many messages', wholeNumber(1))
      .addOption(
        new Option(
          '--format <format>',
          'input format (default: from the file name; stdin: jsonl when it starts with {)',
        ).choices(inputFormats),
      )
      .option('--id-prefix <prefix>', 'ids of text lines: <prefix>-<line number>', 'line'),
  ).action(async (file: string | undefined) => {
    const flags = command.opts<ProduceFlags>();
    const connection = resolveKafkaConnection(flags, process.env);
    const brokers = await bootstrapBrokers(connection);
    const source = file === undefined || file === '-' ? { stdin: process.stdin } : { file };
    const summary = await produceProducts(
      kafkaClient(connection, brokers, 'category-match-cli-produce'),
      readProducts(source, flags.format, flags.idPrefix),
      { topic: flags.topic, rate: flags.rate, limit: flags.limit },
      (problem) => console.error(problem),
    );
    const rate = summary.seconds > 0 ? ` (${Math.round(summary.sent / summary.seconds)} msgs/s)` : '';
    console.error(
      `sent ${summary.sent} messages to ${flags.topic} at ${brokers.join(',')} in ${summary.seconds.toFixed(1)} s${rate}` +
        (summary.problems > 0 ? `; ${summary.problems} lines could not be sent (above)` : ''),
    );
    if (summary.problems > 0) process.exitCode = 1;
  });
  return withExamples(command, [
    ['npx category-match produce products.csv --rate 100', 'a CSV at 100 messages/s to the local broker'],
    ["echo 'apple iphone 8 plus 64gb silver' | npx category-match produce", 'one title from standard input'],
    [
      'KAFKA_SASL_PASSWORD_FILE=pw npx category-match produce in.jsonl --brokers kafka.example:9093 --sasl-username category-match-producer --ca-file ca.crt',
      'to the cluster over TLS as the producer KafkaUser',
    ],
  ]);
}

interface ConsumeFlags extends KafkaConnectionOptions {
  readonly topic?: string;
  readonly dlq?: boolean;
  readonly fromBeginning?: boolean;
  readonly limit?: number;
  readonly idleTimeoutS?: number;
  readonly jsonl?: boolean;
}

export function consumeCommand(): Command {
  const command = addKafkaOptions(
    new Command('consume')
      .description(
        'follow category-match-out (or the DLQ) as a read_committed consumer; nothing is committed for others',
      )
      .option('--topic <topic>', 'topic to read (default category-match-out)')
      .option('--dlq', 'read category-match-dlq, with each rejection reason')
      .option('--from-beginning', 'read the topic from its start (default: only what arrives from now on)')
      .option('--limit <n>', 'stop after this many records', wholeNumber(1))
      .option(
        '--idle-timeout-s <s>',
        'stop when no record arrived for this long (default: follow until Ctrl-C)',
        wholeNumber(1),
      )
      .option('--jsonl', 'a JSON object per record (topic, partition, offset, timestamp, key, value, headers)'),
  ).action(async () => {
    const flags = command.opts<ConsumeFlags>();
    if (flags.dlq === true && flags.topic !== undefined) throw new Error('give --topic or --dlq, not both');
    const topic = flags.topic ?? (flags.dlq === true ? 'category-match-dlq' : 'category-match-out');
    const connection = resolveKafkaConnection(flags, process.env);
    const brokers = await bootstrapBrokers(connection);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const shown = await consumeTopic(
      kafkaClient(connection, brokers, 'category-match-cli-consume'),
      {
        topic,
        fromBeginning: flags.fromBeginning === true,
        limit: flags.limit,
        idleTimeoutMs: flags.idleTimeoutS === undefined ? undefined : flags.idleTimeoutS * 1000,
      },
      (record) => console.log(flags.jsonl === true ? JSON.stringify(record) : readableLine(record)),
      stop.signal,
    );
    console.error(`${shown} ${shown === 1 ? 'record' : 'records'} from ${topic} at ${brokers.join(',')}`);
  });
  return withExamples(command, [
    ['npx category-match consume', 'categories as they are written'],
    ['npx category-match consume --dlq --from-beginning --idle-timeout-s 5', 'every rejected message and why'],
    ['npx category-match consume --from-beginning --limit 100 --jsonl > out.jsonl', 'the first 100 results as data'],
  ]);
}

interface InferFlags {
  readonly url: string;
  readonly model: string;
  readonly batchSize: number;
  readonly timeoutS: number;
  readonly jsonl?: boolean;
}

export function inferCommand(): Command {
  const command = new Command('infer')
    .description('classify titles with a model API (KServe v2) and print label and score')
    .argument('[titles...]', 'titles to classify (default: one per line from standard input)')
    .option('--url <url>', 'the model API (env MODEL_API_URL)', process.env.MODEL_API_URL ?? 'http://127.0.0.1:8080')
    .option('--model <name>', 'model name', 'category-classifier')
    .option('--batch-size <n>', 'titles per request when reading standard input', wholeNumber(1, 32768), 64)
    .option('--timeout-s <s>', 'per request', wholeNumber(1, 3600), 30)
    .option('--jsonl', 'a JSON object per title: title, label, score')
    .action(async (titles: string[]) => {
      const flags = command.opts<InferFlags>();
      const options = { url: flags.url, model: flags.model, timeoutMs: flags.timeoutS * 1000 };
      const print = (inferences: Inference[]) => {
        for (const inference of inferences)
          console.log(flags.jsonl === true ? JSON.stringify(inference) : inferenceLine(inference));
      };
      if (titles.length > 0) {
        print(await infer(titles, options));
        return;
      }
      let batch: string[] = [];
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        if (line.trim() === '') continue;
        batch.push(line);
        if (batch.length >= flags.batchSize) {
          print(await infer(batch, options));
          batch = [];
        }
      }
      if (batch.length > 0) print(await infer(batch, options));
    });
  return withExamples(command, [
    ["npx category-match infer 'apple iphone 8 plus 64gb silver' 'bosch serie 4 dishwasher'", 'two titles'],
    ['cut -d, -f2 products.csv | npx category-match infer --jsonl', 'a file of titles, as data'],
    ['npx category-match infer --url https://category-classifier.serving.example.com "usb-c cable 2m"', 'the cluster'],
  ]);
}
