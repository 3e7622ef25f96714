/**
 * Jest global setup of the engine tests: the pinned toolchain (built when the cache lacks it) and
 * a local API server of their own, in a temporary state directory, stopped by the teardown. Tests
 * read ENGINE_TEST_BIN and ENGINE_TEST_KUBECONFIG.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureCluster } from '../../scripts/cluster/api-server';
import { toolchainBin } from '../../scripts/cluster/toolchain';

export const stateDirKey = Symbol.for('category-match.engine.clusterStateDir');

export default async function globalSetup(): Promise<void> {
  process.env['ENGINE_TEST_BIN'] = await toolchainBin();
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'category-match-engine-cluster-'));
  Reflect.set(globalThis, stateDirKey, stateDir);
  const { cluster } = await ensureCluster({ stateDir });
  process.env['ENGINE_TEST_KUBECONFIG'] = cluster.kubeconfig;
}
