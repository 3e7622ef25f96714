import type * as pulumi from '@pulumi/pulumi';
import { appObjects } from '../infra/app/app-objects';
import { argocdApplication } from '../infra/app/argocd-application';
import { InferenceApp } from '../infra/app/inference-app';
import { appValuesFor } from './app-values';
import type { StackConfig, StackSecrets } from './config';
import type { Foundation } from './foundation';
import { platformNamespaces, type Platform } from './platform';
import { loadRelease, type Release } from './release';
import { releaseGate, releaseRequirements, type ReleaseLookupsFactory } from './release-check';

/** What the app needs from the foundation: its provider, names, kubeconfig and the resources pods need first. */
export type AppFoundation = Pick<Foundation, 'provider' | 'naming' | 'appPrerequisites' | 'kubeconfig'>;

/** What the app needs from the platform: everything its objects must wait for. */
export type AppPlatform = Pick<Platform, 'ready'>;

/** Where the rendered manifests of a stack live in the repository. */
export function manifestsPath(stack: string): string {
  return `stacks/${stack}/manifests`;
}

export interface AppOptions {
  /** `stacks/<stack>/release.yaml` unless given. */
  readonly release?: Release;
  /** How the release's images and model version are looked up (the stack's registry and store unless given). */
  readonly releaseLookups?: ReleaseLookupsFactory;
}

/**
 * Deploys the inference application, or nothing with `deployApp: false`. `pulumi` delivery creates
 * its objects; `argocd` delivery creates only an Argo CD Application that syncs the same objects,
 * rendered to Git by `npm run render`. With `verifyRelease` (the default) no app object is created
 * or changed until the registry holds every image the objects pull and the store holds the model
 * version: otherwise the run fails with one message naming each missing piece and its command.
 */
export function deployApp(
  config: StackConfig,
  foundation: AppFoundation,
  platform: AppPlatform,
  _secrets: StackSecrets,
  options: AppOptions = {},
): InferenceApp | undefined {
  if (!config.deployApp) return undefined;
  const release = options.release ?? loadRelease(config.stack);
  const values = appValuesFor(config, release, foundation.naming);
  const objects = appObjects(values);
  const prerequisites: pulumi.Resource[] = [
    ...platform.ready,
    // The predictor's service account and the model volume claim exist before the first pod.
    ...foundation.appPrerequisites,
  ];
  const dependsOn = config.verifyRelease
    ? releaseGate(releaseRequirements(values, objects), config, foundation.kubeconfig, options.releaseLookups).apply(
        () => prerequisites,
      )
    : prerequisites;
  // The component waits too, so a refused release leaves no trace of the app in the state.
  const opts = { providers: [foundation.provider], dependsOn };
  if (config.delivery === 'pulumi') {
    return new InferenceApp('app', { objects, dependsOn, skipAwait: config.skipAwait }, opts);
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
