import { Command } from 'commander';
import { givenOptions } from './options';

describe('the options a command passes on to the script it runs', () => {
  const parsed = (args: readonly string[]) => {
    const command = new Command('start')
      .exitOverride()
      .option('--state-dir <dir>', 'where')
      .option('--no-controllers', 'bare')
      .option('--verbose', 'more');
    command.parse([...args], { from: 'user' });
    return givenOptions(command);
  };

  it('are those the user gave, as flags and values', () => {
    expect(parsed(['--state-dir', 'x', '--verbose'])).toEqual(['--state-dir', 'x', '--verbose']);
  });

  it('pass a negated flag on as given, and nothing for its default', () => {
    expect(parsed(['--no-controllers'])).toEqual(['--no-controllers']);
    expect(parsed([])).toEqual([]);
  });
});
