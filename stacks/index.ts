import { loadStackConfig, loadStackSecrets } from './config';
import { deployProgram } from './program';

const outputs = deployProgram(loadStackConfig(), loadStackSecrets());

export const clusterName = outputs.clusterName;
export const clusterEndpoint = outputs.clusterEndpoint;
export const kubeconfig = outputs.kubeconfig;
export const registryUrl = outputs.registryUrl;
export const modelStoreUri = outputs.modelStoreUri;
