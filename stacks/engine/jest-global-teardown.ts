/** Jest global teardown of the engine tests: stops the API server the setup started. */
import { stopCluster } from '../../scripts/cluster/api-server';
import { stateDirKey } from './jest-global-setup';

export default async function globalTeardown(): Promise<void> {
  const stateDir: unknown = Reflect.get(globalThis, stateDirKey);
  if (typeof stateDir === 'string') await stopCluster({ stateDir });
}
