#!/usr/bin/env node
import { once } from 'node:events';
import { createWorkerApp } from './app';
import { ConfigError, loadConfig } from './config';
import { errorMessage } from './errors';
import { createLogger } from './ops/logger';

// A stuck leave or a transaction the broker never answers must not keep a terminating pod alive forever.
const shutdownBoundMs = 25_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = createWorkerApp(config, logger, (error) => {
    logger.fatal({ err: error.message }, 'Kafka consumer stopped for good');
    void shutdown(1);
  });

  let shuttingDown = false;
  async function shutdown(code: number): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ boundMs: shutdownBoundMs }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(code === 0 ? 1 : code);
    }, shutdownBoundMs).unref();
    await app.loop.stop();
    app.opsServer.close();
    logger.info('stopped');
    process.exit(code);
  }
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));

  app.opsServer.listen(config.metricsPort);
  await once(app.opsServer, 'listening');
  try {
    await app.loop.start();
  } catch (error) {
    logger.fatal({ err: errorMessage(error) }, 'worker could not start');
    await app.loop.stop();
    process.exit(1);
  }
}

void main();
