import * as gcp from '@pulumi/gcp';
import { missing, present, reasonOf, unknown, type Presence } from './lookup';
import { versionCompleteMarker } from './model-version-record';
import { parseImageReference } from './oci-registry';

/** The Google APIs behind the data sources answer an absent object with 404 / notFound. */
function notFound(error: unknown): boolean {
  return /\b404\b|notFound|not found/i.test(reasonOf(error));
}

async function lookup(what: string, found: () => Promise<boolean>): Promise<Presence> {
  try {
    return (await found()) ? present : missing;
  } catch (error) {
    return notFound(error) ? missing : unknown(`${what}: ${reasonOf(error)}`);
  }
}

/**
 * Whether an Artifact Registry Docker repository (`<region>-docker.pkg.dev/<project>/<repo>/<image>:<tag>`)
 * holds an image, through the gcp provider's data source and its credentials. A repository that
 * does not exist yet (before the first `pulumi up` creates it) holds nothing.
 */
export async function artifactRegistryImage(image: string): Promise<Presence> {
  const { registry, repository, reference } = parseImageReference(image);
  const location = /^([a-z0-9-]+)-docker\.pkg\.dev$/.exec(registry)?.[1];
  const [project, repositoryId, ...path] = repository.split('/');
  if (location === undefined || project === undefined || repositoryId === undefined || path.length === 0) {
    return unknown(`${image} is not an Artifact Registry image reference`);
  }
  const separator = reference.startsWith('sha256:') ? '@' : ':';
  return lookup('Artifact Registry', async () => {
    const found = await gcp.artifactregistry.getDockerImage({
      location,
      project,
      repositoryId,
      imageName: `${path.join('/')}${separator}${reference}`,
    });
    return found.selfLink !== '';
  });
}

/** Whether a `gs://bucket/<prefix>/<model>/<version>` version is complete: its checksums manifest exists. */
export async function bucketModelVersion(storageUri: string): Promise<Presence> {
  const match = /^gs:\/\/([^/]+)\/(.+?)\/*$/.exec(storageUri);
  if (match?.[1] === undefined || match[2] === undefined) return unknown(`${storageUri} is not a gs:// version URI`);
  const [, bucket, prefix] = match;
  return lookup('Cloud Storage', async () => {
    const found = await gcp.storage.getBucketObject({ bucket, name: `${prefix}/${versionCompleteMarker}` });
    return found.md5hash !== '';
  });
}
