import type * as pulumi from '@pulumi/pulumi';
import { loadKubeconfig, type StackConfig, type StackSecrets } from './config';
import { deployApp } from './app';
import { deployFoundation } from './foundation';
import { deployPlatform } from './platform';

/** What `pulumi stack output` shows. */
export interface StackOutputs {
  /** GKE stacks only. */
  readonly clusterName?: pulumi.Output<string>;
  /** GKE stacks only. */
  readonly clusterEndpoint?: pulumi.Output<string>;
  /** Secret. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly registryUrl: pulumi.Output<string>;
  /** Storage URI prefix of model versions (`pvc://model-store` or `gs://<bucket>`). */
  readonly modelStoreUri: pulumi.Output<string>;
}

/**
 * The whole program for one stack: foundation, then platform, then app. `kubeconfig` is the
 * existing cluster's (see `loadKubeconfig`); GKE stacks build their own.
 */
export function deployProgram(
  config: StackConfig,
  secrets: StackSecrets,
  kubeconfig: pulumi.Output<string> | undefined = loadKubeconfig(config, secrets),
): StackOutputs {
  const foundation = deployFoundation(config, kubeconfig);
  const platform = deployPlatform(config, foundation, secrets);
  deployApp(config, foundation, platform, secrets);
  return {
    ...(foundation.gkeCluster === undefined
      ? {}
      : { clusterName: foundation.gkeCluster.clusterName, clusterEndpoint: foundation.gkeCluster.endpoint }),
    kubeconfig: foundation.kubeconfig,
    registryUrl: foundation.registryUrl,
    modelStoreUri: foundation.modelStoreUri,
  };
}
