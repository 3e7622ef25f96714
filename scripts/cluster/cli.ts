/** `npm run cluster -- start|status|stop [--state-dir DIR]`: the local API server (etcd, kube-apiserver, controllers). */
import { parseArgs } from 'node:util';
import { clusterStatus, type LocalCluster, startCluster, stopCluster } from './api-server';

const usage = 'usage: npm run cluster -- start|status|stop [--state-dir DIR]';

function describe(cluster: LocalCluster): string {
  return [
    `local API server running at ${cluster.server} (state ${cluster.stateDir})`,
    `  pids: etcd ${cluster.pids.etcd}, kube-apiserver ${cluster.pids.apiServer}, kube-controller-manager ${cluster.pids.controllerManager}`,
    `KUBECONFIG=${cluster.kubeconfig}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'state-dir': { type: 'string' } } });
  const options = values['state-dir'] === undefined ? {} : { stateDir: values['state-dir'] };
  switch (positionals[0]) {
    case 'start': {
      const startedAt = Date.now();
      const cluster = await startCluster(options);
      console.error(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      console.log(describe(cluster));
      return;
    }
    case 'stop':
      console.log(`local API server: ${await stopCluster(options)}`);
      return;
    case 'status': {
      const cluster = await clusterStatus(options);
      console.log(cluster === undefined ? 'local API server: not running' : describe(cluster));
      if (cluster === undefined) process.exitCode = 3;
      return;
    }
    default:
      console.error(positionals[0] === undefined ? usage : `unknown command "${positionals[0]}"\n${usage}`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
