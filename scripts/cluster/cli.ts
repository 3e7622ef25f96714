/** `npm run cluster -- start|status|stop [--state-dir DIR] [--no-controllers] [--stack NAME]`: the local API server and the add-ons' controllers. */
import { parseArgs } from 'node:util';
import { isHealthy } from './addon-controllers';
import { clusterStatus, type LocalCluster, startCluster, stopCluster } from './api-server';

const usage = 'usage: npm run cluster -- start|status|stop [--state-dir DIR] [--no-controllers] [--stack NAME]';

async function describe(cluster: LocalCluster): Promise<string> {
  const controllers = await Promise.all(
    cluster.controllers.map(
      async (controller) =>
        `  ${controller.name}: pid ${controller.pid}, ${(await isHealthy(controller)) ? 'healthy' : 'NOT healthy'}`,
    ),
  );
  return [
    `local API server running at ${cluster.server} (state ${cluster.stateDir})`,
    `  pids: etcd ${cluster.pids.etcd}, kube-apiserver ${cluster.pids.apiServer}, kube-controller-manager ${cluster.pids.controllerManager}`,
    ...(controllers.length === 0 ? ['  add-on controllers: none (started with --no-controllers)'] : controllers),
    `KUBECONFIG=${cluster.kubeconfig}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      'no-controllers': { type: 'boolean', default: false },
      stack: { type: 'string' },
    },
  });
  const options = {
    ...(values['state-dir'] === undefined ? {} : { stateDir: values['state-dir'] }),
    controllers: !values['no-controllers'],
    ...(values.stack === undefined ? {} : { settingsStack: values.stack }),
  };
  switch (positionals[0]) {
    case 'start': {
      const startedAt = Date.now();
      const cluster = await startCluster(options);
      console.error(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      console.log(await describe(cluster));
      return;
    }
    case 'stop':
      console.log(`local API server: ${await stopCluster(options)}`);
      return;
    case 'status': {
      const cluster = await clusterStatus(options);
      console.log(cluster === undefined ? 'local API server: not running' : await describe(cluster));
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
