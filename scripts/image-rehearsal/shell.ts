import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What RUN takes from this machine besides PATH: how it reaches the package registries (proxies,
 * CA certificates, npm's registry settings). A real build gets these from the builder's own set-up.
 */
const NETWORK_VARIABLES =
  /^(https?_proxy|no_proxy|node_extra_ca_certs|ssl_cert_file|ssl_cert_dir|npm_config_(registry|cafile))$/i;

export function networkEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && NETWORK_VARIABLES.test(name)) env[name] = value;
  }
  const userConfig = path.join(os.homedir(), '.npmrc');
  if (existsSync(userConfig)) env.npm_config_userconfig = userConfig;
  return env;
}

/** Runs a RUN step's shell form; rejects with the command and the tail of its output. */
export function runShell(command: string, cwd: string, env: Record<string, string>, onOutput?: (text: string) => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      onOutput?.(text);
      tail = (tail + text).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`RUN ${command} exited with ${code}:\n${tail}`)),
    );
  });
}
