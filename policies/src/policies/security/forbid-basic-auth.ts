import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { violation } from '../../core/messages';

/** Fields of the API's basic-auth block that newer providers no longer type but older state may hold. */
const basicAuthFields = ['username', 'password'] as const;

export const forbidBasicAuth: ResourceValidationPolicy = {
  name: 'forbid-basic-auth',
  description:
    'GKE clusters accept neither static passwords nor client certificates; people and pods authenticate through Google identities.',
  enforcementLevel: 'mandatory',
  validateResource: validateResourceOfType(gcp.container.Cluster, (cluster, args, report) => {
    const masterAuth: Readonly<Record<string, unknown>> = cluster.masterAuth ?? {};
    const basicAuth = basicAuthFields.filter(
      (field) => typeof masterAuth[field] === 'string' && masterAuth[field] !== '',
    );
    if (basicAuth.length > 0) {
      report(
        violation(
          'Cluster',
          args.name,
          `sets masterAuth.${basicAuth.join(' and masterAuth.')} (basic auth)`,
          'remove them',
        ),
      );
    }
    if (cluster.masterAuth?.clientCertificateConfig.issueClientCertificate === true) {
      report(
        violation(
          'Cluster',
          args.name,
          'issues a client certificate, a long-lived credential that cannot be revoked',
          'set masterAuth.clientCertificateConfig.issueClientCertificate: false',
        ),
      );
    }
  }),
};
