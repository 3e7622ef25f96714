import { InvalidArgumentError, type Command } from 'commander';

/** A whole number from `min` to `max`, for commander's option parsers. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/** Help text after the options: examples, each under a comment that says what it does. */
export function withExamples(command: Command, examples: readonly (readonly [string, string])[]): Command {
  const lines = examples.flatMap(([line, what]) => [`  # ${what}`, `  ${line}`]);
  return command.addHelpText('after', `\nExamples:\n${lines.join('\n')}`);
}

/**
 * The command's options as the script behind it takes them (`--name value`, `--flag`), only those the user gave:
 * the script owns the defaults.
 */
export function givenOptions(command: Command): string[] {
  return command.options.flatMap((option) => {
    const key = option.attributeName();
    const value: unknown = command.getOptionValue(key);
    if (value === undefined || command.getOptionValueSource(key) === 'default' || option.long === undefined) return [];
    if (value === true) return [option.long];
    // A negatable flag (`--no-x`) given on the command line holds false.
    if (value === false) return option.negate ? [option.long] : [];
    return [option.long, String(value)];
  });
}
