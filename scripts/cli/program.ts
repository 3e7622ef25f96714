import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { consumeCommand, inferCommand, produceCommand } from './commands/data';
import { benchCommand, clusterCommand, demoCommand, kafkaCommand } from './commands/local-services';
import { modelCommand } from './commands/model';
import { planCommand } from './commands/plan';
import { withExamples } from './options';

/** `category-match <command>`: every operator task of the platform behind one entry point. */
export function createProgram(output: OutputConfiguration = {}): Command {
  const program = new Command('category-match')
    .description(
      'real-time product categories: run the data plane locally, talk to Kafka and the model API, manage models',
    )
    // Errors reach main as exceptions (it maps them to exit codes); a usage error shows the command's help.
    .exitOverride()
    .showHelpAfterError()
    .configureOutput(output);
  for (const command of [
    demoCommand(),
    kafkaCommand(),
    clusterCommand(),
    produceCommand(),
    consumeCommand(),
    inferCommand(),
    modelCommand(),
    planCommand(),
    benchCommand(),
  ]) {
    program.addCommand(command);
  }
  // Subcommands built apart from the program take its error handling and output with them.
  const inherit = (command: Command): void => {
    command.exitOverride().showHelpAfterError().configureOutput(output);
    command.commands.forEach(inherit);
  };
  program.commands.forEach(inherit);
  return withExamples(program, [
    ['npx category-match demo', 'the whole data plane on this machine'],
    ['npx category-match kafka start', 'a local broker for produce and consume'],
    ['npx category-match produce titles.txt && npx category-match consume --from-beginning', 'a round trip'],
    ['npx category-match <command> --help', 'what a command takes, with examples'],
  ]);
}

/**
 * Runs the command line on `args` (without node and the script) and resolves with the exit status: 0 done (and for
 * --help), 1 the work failed (the reason on stderr), 2 a usage error (an unknown command or option, a missing or
 * malformed value: the message and the command's usage on stderr), or the status of the script a command ran.
 */
export async function runCli(args: readonly string[], output: OutputConfiguration = {}): Promise<number> {
  process.exitCode = undefined;
  try {
    await createProgram(output).parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const message = `category-match: ${error instanceof Error ? error.message : String(error)}\n`;
    (output.writeErr ?? ((text: string) => process.stderr.write(text)))(message);
    return 1;
  }
  return Number(process.exitCode ?? 0);
}
