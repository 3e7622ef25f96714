import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const buildScript = path.resolve(__dirname, '..', 'toolchain', 'build.sh');

/**
 * The bin directory of the pinned engine (Pulumi CLI, language host, Kubernetes provider,
 * kube-apiserver, kube-controller-manager, kubectl, etcd): builds what the cache lacks (long, once
 * per version) and checks the rest run; `npm run toolchain` is the same script.
 */
export async function toolchainBin(): Promise<string> {
  const { stdout } = await run('bash', [buildScript], { maxBuffer: 16 * 1024 * 1024 });
  const bin = stdout.trim().split('\n').at(-1);
  if (bin === undefined || bin === '') throw new Error(`${buildScript} printed no bin directory`);
  return bin;
}

/** The environment with the toolchain first on PATH (Pulumi finds its plugins there). */
export function withToolchain(bin: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PATH: `${bin}${path.delimiter}${env.PATH ?? ''}` };
}

/**
 * The cache folder of the toolchain piece a binary of the bin directory comes from; a controller's
 * piece also holds the CRDs, charts and configuration its module carries (`crds/`, `charts/`, `config/`).
 */
export function toolchainPiece(bin: string, binary: string): string {
  return path.dirname(path.dirname(realpathSync(path.join(bin, binary))));
}
