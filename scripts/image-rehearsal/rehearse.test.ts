import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostPath, parseUser, rehearseBuild } from './rehearse';
import { startImage } from './run-image';

/** A build context with a Dockerfile and its ignore file, in a fresh directory. */
function context(files: Record<string, string>): { dir: string; workDir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rehearsal-test-'));
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'context', name)), { recursive: true });
    writeFileSync(path.join(dir, 'context', name), content);
  }
  mkdirSync(path.join(dir, 'work'));
  return { dir, workDir: path.join(dir, 'work') };
}

function output(child: ReturnType<typeof startImage>): Promise<{ code: number | null; stdout: string }> {
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.resume();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('rehearseBuild', () => {
  it('copies as Docker does, honours the ignore file, runs RUN in WORKDIR with ENV, and carries files across stages', async () => {
    const { dir, workDir } = context({
      Dockerfile: [
        'ARG BASE=debian:bookworm-slim',
        'FROM ${BASE} AS build',
        'ENV GREETING=hello',
        'WORKDIR /src',
        'COPY app app',
        'COPY a.txt b.txt out/',
        'RUN echo "$GREETING from $(pwd)" > made.txt',
        'FROM build AS derived',
        'RUN cp made.txt again.txt',
        'FROM ${BASE}',
        'WORKDIR /srv',
        'COPY --from=derived /src/again.txt /src/app ./',
        'USER 1000:1001',
        'CMD ["sh", "-c", "id -u; id -g; pwd; cat again.txt; echo $GREETING"]',
      ].join('\n'),
      'Dockerfile.dockerignore': 'app/secret\n**/*.log\n',
      'app/main.js': 'main',
      'app/secret': 'never copied',
      'app/lib/debug.log': 'never copied',
      'a.txt': 'a',
      'b.txt': 'b',
    });
    dirs.push(dir);
    const image = await rehearseBuild({
      dockerfile: path.join(dir, 'context', 'Dockerfile'),
      context: path.join(dir, 'context'),
      workDir,
    });
    const build = path.join(workDir, 'stages', '0');
    expect(readFileSync(hostPath(build, '/src/app/main.js'), 'utf8')).toBe('main');
    expect(existsSync(hostPath(build, '/src/app/secret'))).toBe(false);
    expect(existsSync(hostPath(build, '/src/app/lib/debug.log'))).toBe(false);
    expect(readFileSync(hostPath(build, '/src/out/b.txt'), 'utf8')).toBe('b');
    expect(readFileSync(hostPath(build, '/src/made.txt'), 'utf8')).toBe(`hello from ${hostPath(build, '/src')}\n`);
    // The last stage starts afresh: only what it copied, and none of the build stage's ENV.
    expect(image).toMatchObject({ workdir: '/srv', env: {}, user: { uid: 1000, gid: 1001 } });
    expect(readFileSync(hostPath(image.root, '/srv/main.js'), 'utf8')).toBe('main');
    expect(existsSync(hostPath(image.root, '/src'))).toBe(false);

    const run = await output(startImage(image, { env: { GREETING: 'from docker run -e' } }));
    const [uid, gid, cwd, copied, greeting] = run.stdout.trim().split('\n');
    expect(run.code).toBe(0);
    if (process.getuid?.() === 0) expect([uid, gid]).toEqual(['1000', '1001']);
    expect([cwd, copied, greeting]).toEqual([
      hostPath(image.root, '/srv'),
      `hello from ${hostPath(build, '/src')}`,
      'from docker run -e',
    ]);
  }, 30_000);

  it('fails like a build would on a source the ignore file excludes, or a file of an image it does not have', async () => {
    const ignored = context({
      Dockerfile: 'FROM scratch\nCOPY app/secret /\n',
      '.dockerignore': 'app/secret\n',
      'app/secret': 's',
    });
    const external = context({ Dockerfile: 'FROM scratch\nCOPY --from=node:24 /usr/local/bin/node /node\n' });
    dirs.push(ignored.dir, external.dir);
    const rehearse = ({ dir, workDir }: { dir: string; workDir: string }) =>
      rehearseBuild({
        dockerfile: path.join(dir, 'context', 'Dockerfile'),
        context: path.join(dir, 'context'),
        workDir,
      });
    await expect(rehearse(ignored)).rejects.toThrow('COPY app/secret: not found in the build context');
    await expect(rehearse(external)).rejects.toThrow(
      'COPY --from=node:24: files of an image that is not a built stage',
    );
  });

  it('fails naming the RUN command and its output when it exits non-zero', async () => {
    const failing = context({ Dockerfile: 'FROM scratch\nRUN echo broken >&2; exit 3\n' });
    dirs.push(failing.dir);
    await expect(
      rehearseBuild({
        dockerfile: path.join(failing.dir, 'context', 'Dockerfile'),
        context: path.join(failing.dir, 'context'),
        workDir: failing.workDir,
      }),
    ).rejects.toThrow(/RUN echo broken >&2; exit 3 exited with 3:\nbroken/);
  });
});

describe('parseUser', () => {
  it("knows the Node images' node user and numeric ids, and nothing else", () => {
    expect(parseUser('node')).toEqual({ uid: 1000, gid: 1000 });
    expect(parseUser('1000')).toEqual({ uid: 1000, gid: 1000 });
    expect(parseUser('1000:2000')).toEqual({ uid: 1000, gid: 2000 });
    expect(() => parseUser('www-data')).toThrow('USER www-data: only "node" or a numeric uid[:gid]');
  });
});
