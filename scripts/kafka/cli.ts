/**
 * `npm run kafka -- start|stop|status [--state-dir DIR] [--port-base N]`: the local test broker; `lock` pins its
 * jars; `verify-transactions` checks its log for transactions no marker closed.
 */
import { parseArgs } from 'node:util';
import { artifactLockPath, readArtifactLock } from './artifact-lock';
import { lockArtifacts } from './lock-artifacts';
import { brokerPaths, defaultStateDir } from './broker-config';
import { type BrokerInfo, type BrokerOptions, brokerStatus, startBroker, stopBroker } from './broker';
import { quietKafkajsTimeoutWarning } from './quiet-kafkajs-warnings';
import { verifyTransactions } from './transaction-integrity';

const usage = [
  'usage: npm run kafka -- start|stop|status [--state-dir DIR] [--port-base N]',
  '       npm run kafka -- lock --kafka VERSION   (regenerate artifacts.json; needs Maven)',
  '       npm run kafka -- verify-transactions --topics T1,T2 [--state-dir DIR]   (exit 1 on a transaction no marker closed)',
].join('\n');

function describe(info: BrokerInfo): string {
  return [
    `Kafka ${info.version} running (pid ${info.pid}, state ${info.stateDir})`,
    `  PLAINTEXT:      ${info.plaintext}`,
    `  SASL_PLAINTEXT: ${info.sasl} (SCRAM-SHA-512)`,
    `  SASL_SSL:       ${info.saslSsl} (SCRAM-SHA-512, broker certificate signed by ${info.caFile})`,
    `  username:       ${info.scram.username}`,
    `  password:       ${info.scram.password}`,
  ].join('\n');
}

function options(values: { 'state-dir'?: string; 'port-base'?: string }): BrokerOptions {
  const result: BrokerOptions = {};
  if (values['state-dir'] !== undefined) result.stateDir = values['state-dir'];
  if (values['port-base'] !== undefined) {
    const portBase = Number(values['port-base']);
    if (!Number.isInteger(portBase)) throw new Error(`--port-base must be an integer, got "${values['port-base']}"`);
    result.portBase = portBase;
  }
  return result;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      'port-base': { type: 'string' },
      kafka: { type: 'string' },
      topics: { type: 'string' },
    },
  });
  const command = positionals[0];
  const brokerOptions = options(values);
  switch (command) {
    case 'start': {
      const startedAt = Date.now();
      const info = await startBroker(brokerOptions);
      console.log(`${describe(info)}\n  ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return;
    }
    case 'stop':
      console.log(`Kafka broker: ${await stopBroker(brokerOptions)}`);
      return;
    case 'status': {
      const info = await brokerStatus(brokerOptions);
      console.log(info ? describe(info) : 'Kafka broker: not running');
      if (!info) process.exitCode = 3;
      return;
    }
    case 'lock': {
      const kafkaVersion = values.kafka ?? (await readArtifactLock()).kafkaVersion;
      const count = await lockArtifacts(kafkaVersion);
      console.log(`wrote ${artifactLockPath}: Kafka ${kafkaVersion}, ${count} jars`);
      return;
    }
    case 'verify-transactions': {
      const topics = (values.topics ?? '').split(',').filter((topic) => topic !== '');
      if (topics.length === 0) throw new Error(`--topics is required\n${usage}`);
      const paths = brokerPaths(brokerOptions.stateDir ?? defaultStateDir);
      const report = await verifyTransactions(paths.dataDir, paths.serverLog, topics);
      console.log(report.lines.join('\n'));
      if (!report.clean) process.exitCode = 1;
      return;
    }
    default:
      throw new Error(command === undefined ? usage : `unknown command "${command}"\n${usage}`);
  }
}

quietKafkajsTimeoutWarning();
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
