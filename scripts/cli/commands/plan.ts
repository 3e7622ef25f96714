import { Command } from 'commander';
import { runScript } from '../delegate';
import { givenOptions, withExamples } from '../options';

/** `plan`: the cost planner (scripts/planner), which reads the stack files of this checkout. */
export function planCommand(): Command {
  const command = new Command('plan')
    .description(
      "a day of traffic on a stack's GPUs, before paying for it: GPU hours, cost (on-demand and spot), cost per " +
        '1,000 classifications, idle spend, cold starts and end-to-end latency, for the stack and its alternatives',
    )
    .requiredOption('--stack <stack>', 'the GKE stack planned (Pulumi.<stack>.yaml and stacks/<stack>/release.yaml)')
    .requiredOption(
      '--traffic <file>',
      'CSV "time,messages_per_second" or JSON [{"time", "messagesPerSecond"}]: a rate holds until the next row, the last row ends the profile',
    )
    .option('--out <dir>', 'also write plan.json, report.md and the charts (SVG) there')
    .option('--bench <file>', 'worker bench result to take speeds from (default: the newest in docs/benchmarks)')
    .option('--cold-start <stage=s,...>', 'override cold-start stages: node, driver, image, model, probe (seconds)')
    .option('--prices <file>', 'price table (default scripts/planner/data/gpu-prices.yaml)')
    .option('--latency-objective <s>', 'p99 end-to-end latency an alternative must meet to be recommended (default 60)')
    .action(async () => {
      process.exitCode = await runScript('scripts/planner/cli.ts', givenOptions(command));
    });
  return withExamples(command, [
    [
      'npx category-match plan --stack dev --traffic scripts/planner/profiles/sample-day.csv --out plan',
      'the sample day on the dev stack: report on the terminal, plan.json and charts in plan/',
    ],
    [
      'npx category-match plan --stack ops --traffic day.csv --cold-start node=120,driver=60,image=20',
      "with your cluster's measured cold start (the dashboard's cost planner row shows it)",
    ],
  ]);
}
