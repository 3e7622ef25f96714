import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected lowercase letters, digits and dashes');
const version = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"');
const imageTag = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'expected a Docker image tag');
const replicas = (minimum: number) => z.number().int().min(minimum, `expected a whole number of at least ${minimum}`);

/** `stacks/<stack>/release.yaml`: what is deployed. Its `git log` is the deployment history. */
export const releaseSchema = z
  .strictObject({
    model: z.strictObject({
      /** Model name: the InferenceService and the folder in the model store. */
      name,
      /** Model version: the sub-folder of the model in the model store. */
      version,
    }),
    /** Share of requests the new version gets while it is proven; 100 completes the rollout. */
    canaryTrafficPercent: z.number().int().min(0).max(100),
    images: z.strictObject({ modelServer: imageTag, worker: imageTag }),
    worker: z
      .strictObject({ minReplicas: replicas(0), maxReplicas: replicas(1) })
      .refine((worker) => worker.minReplicas <= worker.maxReplicas, {
        message: 'minReplicas must not exceed maxReplicas',
      }),
  })
  .readonly();

export type Release = z.infer<typeof releaseSchema>;

/**
 * The tag the images workflow (`.github/workflows/images.yml`) pushes: the SHA of the commit it
 * built (`<sha>`, and `<sha>-cuda` for the CUDA variant, which the app derives).
 */
export const workflowImageTag = /^[0-9a-f]{40}$/;

/**
 * Images of a release that the images workflow cannot have pushed, as `images.<key>: "<tag>"`; a
 * stack that pulls from the registry the workflow fills (GKE) may name no others.
 */
export function imagesNotFromWorkflow(release: Release): string[] {
  return Object.entries(release.images)
    .filter(([, tag]) => !workflowImageTag.test(tag))
    .map(([key, tag]) => `images.${key}: "${tag}"`);
}

export class ReleaseError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid release file ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ReleaseError';
  }
}

/** The repository root (this file lives in `stacks/`). */
export const repoRoot = path.resolve(__dirname, '..');

export function releaseFile(stack: string, root: string = repoRoot): string {
  return path.join(root, 'stacks', stack, 'release.yaml');
}

/** Parses the text of a release file; `file` names it in errors. */
export function parseRelease(text: string, file: string): Release {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ReleaseError(file, [`not valid YAML: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const parsed = releaseSchema.safeParse(document);
  if (!parsed.success) {
    throw new ReleaseError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** Reads `stacks/<stack>/release.yaml`. */
export function loadRelease(stack: string, root: string = repoRoot): Release {
  const file = releaseFile(stack, root);
  if (!fs.existsSync(file)) throw new ReleaseError(file, ['file not found; every stack needs its release.yaml']);
  return parseRelease(fs.readFileSync(file, 'utf8'), path.relative(root, file));
}
