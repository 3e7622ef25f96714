import type * as pulumi from '@pulumi/pulumi';
import type { StackConfig, StackSecrets } from './config';
import { deployApp } from './app';
import { deployFoundation } from './foundation';
import { deployPlatform } from './platform';

/** What `pulumi stack output` shows. */
export interface StackOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterEndpoint: pulumi.Output<string>;
  /** Secret. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly registryUrl: pulumi.Output<string>;
  /** Storage URI prefix of model versions (`pvc://model-store` or `gs://<bucket>`). */
  readonly modelStoreUri: pulumi.Output<string>;
}

/** The whole program for one stack: foundation, then platform, then app. */
export function deployProgram(config: StackConfig, secrets: StackSecrets): StackOutputs {
  const foundation = deployFoundation(config);
  const platform = deployPlatform(config, foundation, secrets);
  deployApp(config, foundation, platform, secrets);
  return {
    clusterName: foundation.cluster.clusterName,
    clusterEndpoint: foundation.cluster.endpoint,
    kubeconfig: foundation.kubeconfig,
    registryUrl: foundation.registry.url,
    modelStoreUri: foundation.modelStore.baseUri,
  };
}
