/**
 * Jest global setup of the engine tests: the pinned toolchain (built when the cache lacks it), a
 * local API server of their own in a temporary state directory, and an OCI registry, all stopped
 * by the teardown. Tests read ENGINE_TEST_BIN, ENGINE_TEST_KUBECONFIG and ENGINE_TEST_REGISTRY.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureCluster } from '../../scripts/cluster/api-server';
import { toolchainBin } from '../../scripts/cluster/toolchain';
import { startRegistry } from './registry';

export const stateDirKey = Symbol.for('category-match.engine.clusterStateDir');
export const registryPidKey = Symbol.for('category-match.engine.registryPid');

export default async function globalSetup(): Promise<void> {
  const bin = await toolchainBin();
  process.env['ENGINE_TEST_BIN'] = bin;
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'category-match-engine-cluster-'));
  Reflect.set(globalThis, stateDirKey, stateDir);
  const { cluster } = await ensureCluster({ stateDir });
  process.env['ENGINE_TEST_KUBECONFIG'] = cluster.kubeconfig;
  const registry = await startRegistry(bin, path.join(stateDir, 'registry'));
  Reflect.set(globalThis, registryPidKey, registry.pid);
  process.env['ENGINE_TEST_REGISTRY'] = registry.address;
}
