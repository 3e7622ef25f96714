import { appendFile } from 'node:fs/promises';

/**
 * Appends `name=value` to the step's output file (`$GITHUB_OUTPUT`), so later jobs read it as
 * `steps.<id>.outputs.<name>`. Outside Actions there is no file and this does nothing.
 */
export async function setStepOutput(
  name: string,
  value: string,
  outputFile: string | undefined = process.env.GITHUB_OUTPUT,
): Promise<void> {
  if (value.includes('\n')) throw new Error(`step output ${name} must be one line`);
  if (outputFile === undefined || outputFile === '') return;
  await appendFile(outputFile, `${name}=${value}\n`);
}
