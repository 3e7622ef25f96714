import { loadStackConfig, loadStackSecrets } from './config';
import { deployProgram } from './program';

/**
 * The stack outputs: kubeconfig (secret), registryUrl, modelStoreUri, and on GKE stacks
 * clusterName and clusterEndpoint (absent keys, rather than undefined outputs, elsewhere).
 */
export = deployProgram(loadStackConfig(), loadStackSecrets());
