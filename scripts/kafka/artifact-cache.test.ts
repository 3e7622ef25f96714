import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { type ArtifactLock, jarUrl, parseArtifactLock, readArtifactLock } from './artifact-lock';
import { ChecksumMismatchError, ensureArtifacts, sha256 } from './artifact-cache';
import { repoRoot } from './broker-config';

const jarBytes = Buffer.from('not really a jar');

describe('artifact lock', () => {
  it('pins the Kafka version that the Strimzi release in the reference data deploys by default', async () => {
    const versionsFile = path.resolve(repoRoot, '..', 'shared', 'reference', 'strimzi-1.2.0', 'kafka-versions.yaml');
    const versions = parse(await readFile(versionsFile, 'utf8')) as { version: string; default?: boolean }[];
    const strimziDefault = versions.find((entry) => entry.default === true)?.version;
    const lock = await readArtifactLock();
    expect(lock.kafkaVersion).toBe(strimziDefault);
    expect(lock.artifacts).toContainEqual(expect.objectContaining({ artifact: 'kafka_2.13', version: strimziDefault }));
  });

  it('locks the log4j2 binding so broker logs reach the log file', async () => {
    const lock = await readArtifactLock();
    const names = lock.artifacts.map((artifact) => artifact.artifact);
    expect(names).toEqual(expect.arrayContaining(['log4j-core', 'log4j-slf4j-impl', 'slf4j-api', 'scala-library']));
  });

  it('builds Maven 2 layout addresses', () => {
    const artifact = { group: 'org.apache.kafka', artifact: 'kafka-raft', version: '4.3.1', sha256: '' };
    expect(jarUrl('https://repo1.maven.org/maven2/', artifact)).toBe(
      'https://repo1.maven.org/maven2/org/apache/kafka/kafka-raft/4.3.1/kafka-raft-4.3.1.jar',
    );
  });

  it('names the field when the lock is malformed', () => {
    const text = JSON.stringify({ kafkaVersion: '4.3.1', repository: 'https://x', artifacts: [{ group: 'g' }] });
    expect(() => parseArtifactLock(text, 'artifacts.json')).toThrow(
      /artifacts\.json is not a valid artifact lock: .*artifacts\.0\.artifact/,
    );
  });
});

describe('artifact cache', () => {
  let server: Server;
  let repository: string;
  let cacheDir: string;
  let requests: string[];

  beforeAll(async () => {
    // Serves every .jar under /maven2 with the same bytes; anything else is missing.
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url?.startsWith('/maven2/') && request.url.endsWith('.jar')) response.end(jarBytes);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    repository = `http://127.0.0.1:${(server.address() as AddressInfo).port}/maven2`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(async () => {
    requests = [];
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'artifact-cache-'));
  });

  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  function lockWith(sha: string, repositoryUrl = repository): ArtifactLock {
    return {
      kafkaVersion: '0',
      repository: repositoryUrl,
      artifacts: [{ group: 'org.example', artifact: 'demo', version: '1.0', sha256: sha }],
    };
  }

  it('downloads a missing jar once and serves it from the cache afterwards', async () => {
    const lock = lockWith(sha256(jarBytes));
    const [jar] = await ensureArtifacts(lock, cacheDir);
    expect(jar).toBe(path.join(cacheDir, 'demo-1.0.jar'));
    await expect(readFile(path.join(cacheDir, 'demo-1.0.jar'))).resolves.toEqual(jarBytes);
    await expect(ensureArtifacts(lock, cacheDir)).resolves.toEqual([jar]);
    expect(requests).toEqual(['/maven2/org/example/demo/1.0/demo-1.0.jar']);
  });

  it('fails naming the jar when its checksum differs from the lock, and caches nothing', async () => {
    const failure = await ensureArtifacts(lockWith('0'.repeat(64)), cacheDir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChecksumMismatchError);
    expect(String(failure)).toMatch(/checksum mismatch for demo-1\.0\.jar: expected sha256 0{64}/);
    await expect(readdir(cacheDir)).resolves.toEqual([]);
  });

  it('reports the address when the repository lacks the jar', async () => {
    const lock = lockWith(sha256(jarBytes), repository.replace('/maven2', '/elsewhere'));
    await expect(ensureArtifacts(lock, cacheDir)).rejects.toThrow(/cannot download .*demo-1\.0\.jar: HTTP 404/);
  });
});
