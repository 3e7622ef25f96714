/** The two JVMs of an instance: the storage formatter, run once, and the broker itself. */
import { execFile } from 'node:child_process';
import { access, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BrokerPaths, brokerJvmOptions, toolJvmOptions } from './broker-config';
import { generateClusterId, type ScramCredentials } from './broker-state';
import { launchDetached } from './processes';

const execFileAsync = promisify(execFile);

/** The error lines at the end of the broker logs, to say why a start failed. */
export async function logTail(paths: BrokerPaths): Promise<string> {
  const files = [path.join(paths.logDir, 'stdout.log'), paths.serverLog];
  const tails = await Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((line) => /ERROR|Exception|Error:/.test(line))
        .slice(-5);
    }),
  );
  const lines = tails.flat();
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}

export async function isFormatted(paths: BrokerPaths): Promise<boolean> {
  return access(path.join(paths.dataDir, 'meta.properties')).then(
    () => true,
    () => false,
  );
}

/**
 * Formats fresh storage with the SCRAM user in its first metadata, so it exists from the first request. The nodes
 * of one cluster share its id.
 */
export async function formatStorage(
  java: string,
  classpath: string,
  paths: BrokerPaths,
  credentials: ScramCredentials,
  clusterId: string = generateClusterId(),
): Promise<void> {
  await rm(paths.dataDir, { recursive: true, force: true });
  await execFileAsync(
    java,
    [
      ...toolJvmOptions,
      `-Dlog4j2.configurationFile=${paths.log4jConfig}`,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      clusterId,
      '--config',
      paths.serverProperties,
      '--add-scram',
      `SCRAM-SHA-512=[name=${credentials.username},password=${credentials.password}]`,
    ],
    { timeout: 60_000 },
  ).catch((error: unknown) => {
    const detail = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    throw new Error(`formatting Kafka storage in ${paths.dataDir} failed: ${detail}`, { cause: error });
  });
}

/** Starts the broker JVM in its own process group and returns its pid. */
export function launch(java: string, classpath: string, paths: BrokerPaths): Promise<number> {
  return launchDetached(
    java,
    [
      ...brokerJvmOptions,
      `-Dlog4j2.configurationFile=${paths.log4jConfig}`,
      `-Dkafka.logs.dir=${paths.logDir}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      paths.serverProperties,
    ],
    path.join(paths.logDir, 'stdout.log'),
  );
}
