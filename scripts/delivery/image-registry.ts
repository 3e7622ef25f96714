import { imageRegistry } from '../../stacks/derived-names';
import { readStackFiles } from '../../stacks/render';

/**
 * The Artifact Registry repository of a stack, `<region>-docker.pkg.dev/<project>/<repository>`,
 * from `Pulumi.<stack>.yaml`, as the app's image references name it (each stack's nodes read
 * only their own repository).
 */
export function stackRegistry(repoRoot: string, stack: string): string {
  const { project, config } = readStackFiles(stack, repoRoot);
  return imageRegistry(config, { project, stack });
}

export interface ImageDestinations {
  /** Full image references, one per registry: `<registry>/<image>:<tag>`. */
  readonly tags: string[];
  /** Registry hosts to log in to (`<region>-docker.pkg.dev`), each once. */
  readonly hosts: string[];
}

/** Where one build of an image is pushed: the same tag in every stack's registry. */
export function imageDestinations(registries: readonly string[], image: string, tag: string): ImageDestinations {
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(image))
    throw new Error(`image name ${JSON.stringify(image)} is not valid`);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
    throw new Error(`image tag ${JSON.stringify(tag)} is not valid`);
  return {
    tags: registries.map((registry) => `${registry}/${image}:${tag}`),
    hosts: [...new Set(registries.map((registry) => registry.split('/')[0] ?? registry))],
  };
}
