import * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { workloadPool } from '../cluster/cluster';

/** Kubernetes service accounts in the serving namespace that act as GCP service accounts. */
export const predictorKubernetesServiceAccount = 'model-predictor';
export const publisherKubernetesServiceAccount = 'model-publisher';

export interface IdentitiesArgs {
  /** GCP project id. */
  project: string;
  /** Service account ids (6-30 characters) for predictors and the model publisher. */
  accountIds: { predictor: string; publisher: string };
  /** Namespace the Kubernetes service accounts live in. */
  namespace: pulumi.Input<string>;
  /** The cluster: Workload Identity bindings only resolve once its pool exists. */
  cluster: pulumi.Resource;
}

/** The member string through which one Kubernetes service account acts as a GCP service account. */
export function workloadIdentityMember(project: string, namespace: string, kubernetesServiceAccount: string): string {
  return `serviceAccount:${workloadPool(project)}[${namespace}/${kubernetesServiceAccount}]`;
}

/** The annotation GKE reads to map a Kubernetes service account to a GCP one. */
export function workloadIdentityAnnotation(email: pulumi.Input<string>) {
  return { 'iam.gke.io/gcp-service-account': email };
}

/**
 * GCP service accounts without keys for the predictor and the model publisher, reached from
 * Kubernetes through Workload Identity. Access to the model store is granted by the store itself.
 */
export class Identities extends pulumi.ComponentResource {
  readonly predictor: gcp.serviceaccount.Account;
  readonly publisher: gcp.serviceaccount.Account;
  readonly predictorKubernetesServiceAccount: k8s.core.v1.ServiceAccount;
  readonly publisherKubernetesServiceAccount: k8s.core.v1.ServiceAccount;
  /** `serviceAccount:<email>` members, for IAM bindings elsewhere. */
  readonly predictorMember: pulumi.Output<string>;
  readonly publisherMember: pulumi.Output<string>;

  constructor(name: string, args: IdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:gcp:Identities', name, {}, opts);
    const parent = { parent: this };
    const account = (role: string, accountId: string, displayName: string) =>
      new gcp.serviceaccount.Account(`${name}-${role}`, { project: args.project, accountId, displayName }, parent);

    this.predictor = account('predictor', args.accountIds.predictor, 'Model predictor (reads the model store)');
    this.publisher = account('publisher', args.accountIds.publisher, 'Model publisher (writes the model store)');

    const bindToKubernetes = (role: string, gsa: gcp.serviceaccount.Account, ksa: string) => {
      new gcp.serviceaccount.IAMMember(
        `${name}-${role}-workload-identity`,
        {
          serviceAccountId: gsa.name,
          role: 'roles/iam.workloadIdentityUser',
          member: pulumi.output(args.namespace).apply((ns) => workloadIdentityMember(args.project, ns, ksa)),
        },
        { parent: this, dependsOn: [args.cluster] },
      );
      return new k8s.core.v1.ServiceAccount(
        `${name}-${role}-ksa`,
        { metadata: { name: ksa, namespace: args.namespace, annotations: workloadIdentityAnnotation(gsa.email) } },
        parent,
      );
    };
    this.predictorKubernetesServiceAccount = bindToKubernetes(
      'predictor',
      this.predictor,
      predictorKubernetesServiceAccount,
    );
    this.publisherKubernetesServiceAccount = bindToKubernetes(
      'publisher',
      this.publisher,
      publisherKubernetesServiceAccount,
    );

    this.predictorMember = this.predictor.member;
    this.publisherMember = this.publisher.member;
    this.registerOutputs({
      predictorEmail: this.predictor.email,
      publisherEmail: this.publisher.email,
    });
  }
}
