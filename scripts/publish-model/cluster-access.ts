import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandError, type CommandRunner } from './command';

/** Where kubectl must reach before a `pvc://` store is written. */
export interface ClusterTarget {
  /** Namespace and name of the claim the copy Jobs mount. */
  readonly namespace: string;
  readonly claim: string;
  /** A name the current context must contain (the GKE cluster's name, or the stack's kubeContext). */
  readonly contextIncludes?: string;
  /** How a user gets the cluster and its claim, for the messages (`pulumi up -s dev`). */
  readonly createdBy?: string;
}

/** The kubeconfig files kubectl would read, or none: then kubectl talks to localhost:8080. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv, home: string = os.homedir()): string[] {
  const listed = env['KUBECONFIG'];
  if (listed !== undefined && listed !== '') return listed.split(path.delimiter).filter((file) => existsSync(file));
  const fallback = path.join(home, '.kube', 'config');
  return existsSync(fallback) ? [fallback] : [];
}

/**
 * Checks, before anything is written, that kubectl has a kubeconfig (without one it would talk to
 * localhost:8080, which here is also the model server's port), that its current context is the
 * stack's cluster, and that the claim exists; each failure says what to do.
 */
export async function checkClusterAccess(
  runner: CommandRunner,
  target: ClusterTarget,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): Promise<void> {
  const create = target.createdBy === undefined ? '' : ` (${target.createdBy} creates it)`;
  if (kubeconfigFiles(env, home).length === 0) {
    throw new Error(
      "no kubeconfig: set KUBECONFIG to the cluster's (for a GKE stack: gcloud container clusters get-credentials <cluster> --region <region> --project <project>)",
    );
  }
  const context = (
    await runner.run('kubectl', ['config', 'current-context']).catch((error: unknown) => {
      throw new Error(`the kubeconfig has no current context: kubectl config use-context <context>`, { cause: error });
    })
  ).trim();
  if (target.contextIncludes !== undefined && !context.includes(target.contextIncludes)) {
    throw new Error(
      `kubectl's current context "${context}" is not the stack's cluster "${target.contextIncludes}": kubectl config use-context <its context>`,
    );
  }
  try {
    await runner.run('kubectl', [
      'get',
      'persistentvolumeclaim',
      target.claim,
      '--namespace',
      target.namespace,
      '-o',
      'name',
    ]);
  } catch (error) {
    if (error instanceof CommandError && /NotFound|not found/.test(error.stderr)) {
      throw new Error(
        `the model store's claim ${target.namespace}/${target.claim} does not exist in "${context}"${create}`,
        {
          cause: error,
        },
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach the cluster of context "${context}": ${reason}`, { cause: error });
  }
}
