import type * as pulumi from '@pulumi/pulumi';
import { loadKubeconfig, type StackConfig, type StackSecrets } from './config';
import { deployApp, type AppOptions } from './app';
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

export interface ProgramOptions extends AppOptions {
  /** The existing cluster's kubeconfig (see `loadKubeconfig`); GKE stacks build their own. */
  readonly kubeconfig?: pulumi.Output<string>;
}

/** The whole program for one stack: foundation, then platform, then app (once its release is ready). */
export function deployProgram(config: StackConfig, secrets: StackSecrets, options: ProgramOptions = {}): StackOutputs {
  const foundation = deployFoundation(config, options.kubeconfig ?? loadKubeconfig(config, secrets));
  const platform = deployPlatform(config, foundation, secrets);
  deployApp(config, foundation, platform, secrets, options);
  return {
    ...(foundation.gkeCluster === undefined
      ? {}
      : { clusterName: foundation.gkeCluster.clusterName, clusterEndpoint: foundation.gkeCluster.endpoint }),
    kubeconfig: foundation.kubeconfig,
    registryUrl: foundation.registryUrl,
    modelStoreUri: foundation.modelStoreUri,
  };
}
