import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

export interface RegistryArgs {
  /** GCP project id. */
  project: pulumi.Input<string>;
  /** Region of the repository (same as the cluster, so pulls stay in-region). */
  region: string;
  /** Repository id, at most 63 characters. */
  repositoryId: string;
  /** Standard labels. */
  labels: Readonly<Record<string, string>>;
  /** `serviceAccount:` members that pull images, by role (`nodes`). */
  readers: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The Docker host and path images are pushed to: `<region>-docker.pkg.dev/<project>/<repository>`. */
export function registryUrl(region: string, project: string, repositoryId: string): string {
  return `${region}-docker.pkg.dev/${project}/${repositoryId}`;
}

/** The Artifact Registry Docker repository for the worker and model-server images. */
export class Registry extends pulumi.ComponentResource {
  readonly repository: gcp.artifactregistry.Repository;
  /** Docker URL images are tagged with. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:gcp:Registry', name, {}, opts);
    this.repository = new gcp.artifactregistry.Repository(
      `${name}-docker`,
      {
        project: args.project,
        location: args.region,
        repositoryId: args.repositoryId,
        format: 'DOCKER',
        description: 'Worker and model-server images',
        labels: { ...args.labels },
      },
      { parent: this },
    );
    for (const [role, member] of Object.entries(args.readers)) {
      new gcp.artifactregistry.RepositoryIamMember(
        `${name}-reader-${role}`,
        {
          project: args.project,
          location: args.region,
          repository: this.repository.repositoryId,
          role: 'roles/artifactregistry.reader',
          member,
        },
        { parent: this },
      );
    }
    this.url = pulumi.output(args.project).apply((project) => registryUrl(args.region, project, args.repositoryId));
    this.registerOutputs({ url: this.url });
  }
}
