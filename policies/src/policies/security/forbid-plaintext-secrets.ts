import * as k8s from '@pulumi/kubernetes';
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { z } from 'zod';
import { customResourceTypes, kindOf, validateCustomResourceOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { containerPlace, podTemplates } from '../../kubernetes/workloads';

/** Names that hold a credential: `KAFKA_SASL_PASSWORD`, `gitToken`, `adminPassword`, `apiKey`. */
const credentialName = /(password|passwd|token|api[-_]?key|secret[-_]?key|private[-_]?key|credentials?)$/i;

function isCredentialName(name: string): boolean {
  return credentialName.test(name);
}

/** Credential-named string leaves of a Helm values tree, as dotted paths. */
export function credentialValuePaths(values: unknown, path: readonly string[] = []): string[] {
  if (Array.isArray(values))
    return values.flatMap((item, index) => credentialValuePaths(item, [...path, String(index)]));
  if (typeof values !== 'object' || values === null) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    if (typeof value === 'string' && value !== '' && isCredentialName(key)) return [[...path, key].join('.')];
    return credentialValuePaths(value, [...path, key]);
  });
}

/** A Git URL with a password or token in it: `https://user:token@host/repo`. */
function hasEmbeddedCredential(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.password !== '' || (parsed.protocol.startsWith('http') && parsed.username !== '');
  } catch {
    return false;
  }
}

function checkWorkloadEnv(args: ResourceValidationArgs, report: ReportViolation): void {
  const templates = podTemplates(args, report);
  if (templates === undefined) return args.notApplicable('Not a workload');
  for (const template of templates) {
    for (const container of template.containers) {
      for (const env of container.env ?? []) {
        if (!isCredentialName(env.name) || env.value === undefined || env.value === '') continue;
        report(
          violation(
            kindOf(args.type),
            args.name,
            `${containerPlace(template, container)} gets ${env.name} as a literal value, readable by anyone who can read the object`,
            `store it in a Kubernetes Secret fed from a Pulumi secret and use env valueFrom.secretKeyRef`,
          ),
        );
      }
    }
  }
}

const argoApplicationSchema = z.object({
  spec: z
    .object({
      source: z.object({ repoURL: z.string().optional() }).optional(),
      sources: z.array(z.object({ repoURL: z.string().optional() })).optional(),
    })
    .optional(),
});

export const forbidPlaintextSecrets: ResourceValidationPolicy = {
  name: 'forbid-plaintext-secrets',
  description:
    'Credentials (git token, Kafka and admin passwords, API keys) reach workloads only through Kubernetes Secrets, never as literal env values, ConfigMap entries, Helm values or URLs.',
  enforcementLevel: 'mandatory',
  validateResource: [
    checkWorkloadEnv,
    validateResourceOfType(k8s.core.v1.ConfigMap, (configMap, args, report) => {
      const keys = Object.keys({ ...configMap.data, ...configMap.binaryData }).filter(isCredentialName);
      if (keys.length > 0) {
        report(
          violation(
            'ConfigMap',
            args.name,
            `holds credential(s) ${keys.join(', ')} in plain text`,
            'move them to a Kubernetes Secret fed from a Pulumi secret',
          ),
        );
      }
    }),
    validateResourceOfType(k8s.helm.v3.Release, (release, args, report) => {
      const paths = credentialValuePaths(release.values);
      if (paths.length > 0) {
        report(
          violation(
            'Helm release',
            args.name,
            `sets credential value(s) ${paths.join(', ')} inline, so they land in the release's stored values`,
            'point the chart at an existing Secret (its existingSecret-style value) created from a Pulumi secret',
          ),
        );
      }
    }),
    validateCustomResourceOfType(customResourceTypes.argoApplication, argoApplicationSchema, (app, args, report) => {
      const urls = [app.spec?.source?.repoURL, ...(app.spec?.sources ?? []).map((source) => source.repoURL)];
      if (urls.some((url) => url !== undefined && hasEmbeddedCredential(url))) {
        report(
          violation(
            'Application',
            args.name,
            'embeds a credential in its repoURL',
            'use a plain repoURL and a repository Secret (label argocd.argoproj.io/secret-type: repository) holding the token',
          ),
        );
      }
    }),
  ],
};
