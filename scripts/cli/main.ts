/** `npx category-match <command>`: see program.ts for the commands and exit statuses. */
import { quietKafkajsTimeoutWarning } from '@category-match/kafka-harness';
import { runCli } from './program';

quietKafkajsTimeoutWarning();
void runCli(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
