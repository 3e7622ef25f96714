#!/usr/bin/env node
import path from 'node:path';
import { USAGE, UsageError, parseServeArgs } from './config';
import { checkModelDirectory } from './model-check';
import { applyNativeLibraryDefaults } from './native-library-defaults';
import { startServer } from './server';

const DRAIN_LIMIT_MS = 30_000;

async function serve(argv: string[]): Promise<void> {
  const config = parseServeArgs(argv);
  applyNativeLibraryDefaults();
  const server = await startServer(config, {
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    defaultMetrics: true,
  });
  const shutdown = (signal: string): void => {
    server.app.log.info({ signal }, 'draining in-flight requests, then exiting');
    // A request stuck forever must not keep the pod terminating past its grace period.
    setTimeout(() => process.exit(1), DRAIN_LIMIT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  try {
    await server.ready;
  } catch (error) {
    server.app.log.error({ err: error }, 'model failed to load');
    console.error(`model-server: ${error instanceof Error ? error.message : String(error)}`);
    await server.close();
    process.exit(1);
  }
}

/** `check <dir> [title…]`: loads the directory as `serve` would and classifies a sample; exit 1 on a problem. */
async function check(argv: string[]): Promise<void> {
  const [dir, ...titles] = argv;
  if (dir === undefined) throw new UsageError('usage: model-server check <model-dir> [title …]');
  applyNativeLibraryDefaults();
  const result = await checkModelDirectory(
    path.resolve(process.env.INIT_CWD ?? process.cwd(), dir),
    titles.length > 0 ? titles : undefined,
  );
  console.log(result.lines.join('\n'));
  if (!result.ok) process.exitCode = 1;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === 'check') return check(rest);
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  throw new UsageError(`unknown command "${command ?? ''}": the commands are "serve" and "check"\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`model-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
