import type * as pulumi from '@pulumi/pulumi';
import { appObjects } from '../infra/app/app-objects';
import { argocdApplication } from '../infra/app/argocd-application';
import { InferenceApp } from '../infra/app/inference-app';
import { appValuesFor } from './app-values';
import type { StackConfig, StackSecrets } from './config';
import type { Foundation } from './foundation';
import { platformNamespaces, type Platform } from './platform';
import { loadRelease, type Release } from './release';

/** What the app needs from the foundation: its provider, names, and the resources pods need first. */
export type AppFoundation = Pick<Foundation, 'provider' | 'naming' | 'appPrerequisites'>;

/** What the app needs from the platform: everything its objects must wait for. */
export type AppPlatform = Pick<Platform, 'ready'>;

/** Where the rendered manifests of a stack live in the repository. */
export function manifestsPath(stack: string): string {
  return `stacks/${stack}/manifests`;
}

/**
 * Deploys the inference application. `pulumi` delivery creates its objects; `argocd` delivery
 * creates only an Argo CD Application that syncs the same objects, rendered to Git by
 * `npm run render`. The Git token is used by the platform's repository credentials, not here.
 */
export function deployApp(
  config: StackConfig,
  foundation: AppFoundation,
  platform: AppPlatform,
  _secrets: StackSecrets,
  release: Release = loadRelease(config.stack),
): InferenceApp {
  const values = appValuesFor(config, release, foundation.naming);
  const dependsOn: pulumi.Resource[] = [
    ...platform.ready,
    // The predictor's service account and the model volume claim exist before the first pod.
    ...foundation.appPrerequisites,
  ];
  const opts = { providers: [foundation.provider] };
  if (config.delivery === 'pulumi') {
    return new InferenceApp('app', { objects: appObjects(values), dependsOn, skipAwait: config.skipAwait }, opts);
  }
  const application = argocdApplication({
    name: `category-match-${config.stack}`,
    argocdNamespace: platformNamespaces.argocd,
    repoUrl: config.gitRepoUrl,
    revision: config.gitRevision,
    path: manifestsPath(config.stack),
    destinationNamespace: values.namespace,
    labels: values.labels,
  });
  return new InferenceApp('app', { objects: [application], dependsOn }, opts);
}
