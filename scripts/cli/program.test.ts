import type { Command } from 'commander';
import { createProgram, runCli } from './program';

/** Runs the command line in this process, collecting what it prints. */
async function run(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(args, { writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  return { status, out, err };
}

/** Every command a user can run, as the words that name it: `kafka start`, `produce`, … */
function leafCommands(command: Command, words: string[] = []): string[][] {
  const children = command.commands.filter((child) => child.name() !== 'help');
  if (children.length === 0) return [words];
  return children.flatMap((child) => leafCommands(child, [...words, child.name()]));
}

const leaves = leafCommands(createProgram());

describe('category-match', () => {
  it('offers every command the operators need', () => {
    expect(leaves.map((words) => words.join(' '))).toEqual(
      expect.arrayContaining([
        'demo',
        'kafka start',
        'kafka status',
        'kafka stop',
        'cluster start',
        'cluster status',
        'cluster stop',
        'produce',
        'consume',
        'infer',
        'model build',
        'model serve',
        'model publish',
        'bench worker',
        'plan',
      ]),
    );
  });

  it.each(leaves.map((words) => [words.join(' '), words]))(
    '%s --help prints its usage and examples, exit 0',
    async (_, words) => {
      const { status, out } = await run(...(words as string[]), '--help');
      expect(status).toBe(0);
      expect(out).toContain(`Usage: category-match ${(words as string[]).join(' ')}`);
      expect(out).toMatch(/Examples:\n {2}# .+\n {2}npx category-match /);
    },
  );

  it.each(leaves.map((words) => [words.join(' '), words]))(
    '%s rejects an unknown option with its usage, exit 2',
    async (_, words) => {
      // Required options given, so the unknown one is the only problem.
      const command = (words as string[]).reduce<Command | undefined>(
        (parent, word) => parent?.commands.find((child) => child.name() === word),
        createProgram(),
      );
      const required = (command?.options ?? [])
        .filter((option) => option.mandatory)
        .flatMap((option) => [option.long ?? '', 'x']);
      const { status, err } = await run(...(words as string[]), ...required, '--no-such-option');
      expect(status).toBe(2);
      expect(err).toContain("error: unknown option '--no-such-option'");
      expect(err).toContain(`Usage: category-match ${(words as string[]).join(' ')}`);
    },
  );

  it('names a malformed value and the option that takes it, exit 2', async () => {
    const { status, err } = await run('produce', '--rate', 'fast');
    expect(status).toBe(2);
    expect(err).toContain("option '--rate <msgs/s>' argument 'fast' is invalid. expected a whole number from 1");
  });

  it('names a missing required option, exit 2', async () => {
    const { status, err } = await run('model', 'publish', '--version', 'v2');
    expect(status).toBe(2);
    expect(err).toContain("required option '--model-dir <dir>' not specified");
  });

  it('answers an unknown command, and a command group without its subcommand, with the usage, exit 2', async () => {
    const unknown = await run('deploy');
    expect(unknown.status).toBe(2);
    expect(unknown.err).toContain("unknown command 'deploy'");
    const group = await run('kafka');
    expect(group.status).toBe(2);
    expect(group.err).toContain('Usage: category-match kafka [options] [command]');
  });

  it('reports a failure of the work in one line, exit 1', async () => {
    const { status, err } = await run('consume', '--brokers', 'not-a-broker-list');
    expect(status).toBe(1);
    expect(err).toBe(
      'category-match: --brokers (or KAFKA_BROKERS): expected host:port[,host:port…], got "not-a-broker-list"\n',
    );
  });
});
