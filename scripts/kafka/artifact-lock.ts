import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** The committed lock of the broker's runtime classpath: one entry per jar on Maven Central. */
const artifactSchema = z.object({
  group: z.string().min(1),
  artifact: z.string().min(1),
  version: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
});

export const artifactLockSchema = z.object({
  kafkaVersion: z.string().min(1),
  repository: z.url(),
  artifacts: z.array(artifactSchema).min(1),
});

export type Artifact = z.infer<typeof artifactSchema>;
export type ArtifactLock = z.infer<typeof artifactLockSchema>;

export const artifactLockPath = path.join(__dirname, 'artifacts.json');

/** `kafka_2.13-4.3.1.jar`: the file name Maven gives a jar, also its name in the cache. */
export function jarFileName(artifact: Artifact): string {
  return `${artifact.artifact}-${artifact.version}.jar`;
}

/** The jar's address in a Maven 2 layout repository. */
export function jarUrl(repository: string, artifact: Artifact): string {
  const groupPath = artifact.group.split('.').join('/');
  const base = repository.replace(/\/+$/, '');
  return `${base}/${groupPath}/${artifact.artifact}/${artifact.version}/${jarFileName(artifact)}`;
}

export function parseArtifactLock(text: string, source: string): ArtifactLock {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const parsed = artifactLockSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${source} is not a valid artifact lock: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export async function readArtifactLock(file: string = artifactLockPath): Promise<ArtifactLock> {
  return parseArtifactLock(await readFile(file, 'utf8'), file);
}
