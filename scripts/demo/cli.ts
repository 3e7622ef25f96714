/** `npm run demo -- [--limit N] [--rate MSGS_PER_S] [--verbose] …` (or `npx category-match demo`): the local data plane end to end. */
import { quietKafkajsTimeoutWarning } from '@category-match/kafka-harness';
import { runDemo } from './demo';
import { parseDemoOptions } from './options';
import { Progress } from './progress';

async function main(): Promise<void> {
  const options = parseDemoOptions(process.argv.slice(2));
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) return;
    console.log(`\n${signal}: stopping the demo…`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = new Progress(process.stdout);
  const summary = await runDemo(options, stop.signal, progress);
  progress.line(`\n${summary.report(options.rate)}`);
  if (!stop.signal.aborted && !summary.complete) process.exitCode = 1;
}

quietKafkajsTimeoutWarning();
main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
