/** Jest global teardown of the engine tests: stops the API server and the registry the setup started. */
import { stopCluster } from '../../scripts/cluster/api-server';
import { registryPidKey, stateDirKey } from './jest-global-setup';

export default async function globalTeardown(): Promise<void> {
  const registryPid: unknown = Reflect.get(globalThis, registryPidKey);
  if (typeof registryPid === 'number') process.kill(registryPid);
  const stateDir: unknown = Reflect.get(globalThis, stateDirKey);
  if (typeof stateDir === 'string') await stopCluster({ stateDir });
}
