/**
 * Regenerates `artifacts.json`, the broker's pinned runtime classpath
 * (`npm run kafka -- lock --kafka 4.3.1`).
 *
 * Maven (development machines only, never at run time) resolves the runtime dependencies of
 * `org.apache.kafka:kafka_2.13` plus the log4j2 binding for slf4j, then every jar is hashed and
 * checked against the `.sha1` Maven Central publishes beside it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Artifact, type ArtifactLock, artifactLockPath, jarUrl } from './artifact-lock';

const execFileAsync = promisify(execFile);
const mavenCentral = 'https://repo1.maven.org/maven2';

interface ResolvedJar extends Omit<Artifact, 'sha256'> {
  readonly file: string;
}

/** Parses `mvn dependency:list -DoutputAbsoluteArtifactFilename=true` lines: `g:a:jar:v:scope:/abs/file.jar`. */
export function parseDependencyList(text: string): ResolvedJar[] {
  const jars: ResolvedJar[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s+([^:\s]+):([^:\s]+):jar:([^:\s]+):(?:compile|runtime):(\/\S+\.jar)/.exec(line);
    if (match?.[1] && match[2] && match[3] && match[4]) {
      jars.push({ group: match[1], artifact: match[2], version: match[3], file: match[4] });
    }
  }
  return jars;
}

function pom(dependencies: readonly Omit<Artifact, 'sha256'>[]): string {
  const entries = dependencies
    .map(
      (d) =>
        `<dependency><groupId>${d.group}</groupId><artifactId>${d.artifact}</artifactId><version>${d.version}</version></dependency>`,
    )
    .join('\n    ');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>kafka-broker-classpath</artifactId><version>1</version>
  <dependencies>
    ${entries}
  </dependencies>
</project>
`;
}

async function resolve(workDir: string, dependencies: readonly Omit<Artifact, 'sha256'>[]): Promise<ResolvedJar[]> {
  await writeFile(path.join(workDir, 'pom.xml'), pom(dependencies));
  const listFile = path.join(workDir, 'dependencies.txt');
  await execFileAsync(
    'mvn',
    [
      '-q',
      '-B',
      'dependency:list',
      '-DincludeScope=runtime',
      `-DoutputFile=${listFile}`,
      '-DoutputAbsoluteArtifactFilename=true',
    ],
    { cwd: workDir, maxBuffer: 16 * 1024 * 1024 },
  );
  return parseDependencyList(await readFile(listFile, 'utf8'));
}

/** Kafka logs through slf4j; the binding matching its slf4j major version routes that to log4j2. */
function log4jBinding(jars: readonly ResolvedJar[]): Omit<Artifact, 'sha256'> {
  const log4j = jars.find((jar) => jar.group === 'org.apache.logging.log4j' && jar.artifact === 'log4j-core');
  const slf4j = jars.find((jar) => jar.group === 'org.slf4j' && jar.artifact === 'slf4j-api');
  if (!log4j || !slf4j) {
    throw new Error('the resolved classpath has no log4j-core or slf4j-api: cannot choose a log binding');
  }
  const artifact = slf4j.version.startsWith('1.') ? 'log4j-slf4j-impl' : 'log4j-slf4j2-impl';
  return { group: 'org.apache.logging.log4j', artifact, version: log4j.version };
}

async function lockEntry(jar: ResolvedJar): Promise<Artifact> {
  const bytes = await readFile(jar.file);
  const sha1 = createHash('sha1').update(bytes).digest('hex');
  const response = await fetch(`${jarUrl(mavenCentral, { ...jar, sha256: '' })}.sha1`);
  if (!response.ok) {
    throw new Error(`Maven Central has no .sha1 for ${jar.artifact}-${jar.version}: HTTP ${response.status}`);
  }
  const published = (await response.text()).trim().split(/\s+/)[0];
  if (published !== sha1) {
    throw new Error(`${jar.file} does not match Maven Central's sha1 (${published ?? 'empty'}); clear it and retry`);
  }
  return {
    group: jar.group,
    artifact: jar.artifact,
    version: jar.version,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Resolves, hashes and writes the lock for `kafkaVersion`; returns how many jars it locked. */
export async function lockArtifacts(kafkaVersion: string): Promise<number> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lock-'));
  try {
    const kafka = { group: 'org.apache.kafka', artifact: 'kafka_2.13', version: kafkaVersion };
    const withoutBinding = await resolve(workDir, [kafka]);
    const jars = await resolve(workDir, [kafka, log4jBinding(withoutBinding)]);
    const artifacts = await Promise.all(jars.map(lockEntry));
    artifacts.sort((a, b) => `${a.group}:${a.artifact}`.localeCompare(`${b.group}:${b.artifact}`));
    const lock: ArtifactLock = { kafkaVersion, repository: mavenCentral, artifacts };
    await writeFile(artifactLockPath, `${JSON.stringify(lock, null, 2)}\n`);
    return artifacts.length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('regenerating the lock needs Maven (mvn) on PATH; running the broker does not', { cause: error });
    }
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
