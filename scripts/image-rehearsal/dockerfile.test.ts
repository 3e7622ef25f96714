import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile, type Stage } from './dockerfile';

const repoRoot = path.join(__dirname, '..', '..');
const stagesOf = (dockerfile: string): Stage[] =>
  parseDockerfile(readFileSync(path.join(repoRoot, dockerfile), 'utf8'));

describe('parseDockerfile', () => {
  it('reads the model server image: three stages, ARG defaults expanded, the runtime user and command', () => {
    const stages = stagesOf('model-server/Dockerfile');
    expect(stages.map((stage) => [stage.name, stage.base])).toEqual([
      ['build', 'node:24-bookworm-slim'],
      ['deps', 'node:24-bookworm-slim'],
      ['runtime', 'node:24-bookworm-slim'],
    ]);
    const runtime = stages[2];
    expect(runtime?.steps).toContainEqual({ kind: 'user', user: 'node' });
    expect(runtime?.steps).toContainEqual({
      kind: 'copy',
      from: 'deps',
      sources: ['/app/node_modules'],
      destination: 'node_modules',
    });
    expect(runtime?.entrypoint).toEqual(['node', 'dist/cli.js']);
    expect(runtime?.cmd).toEqual(['serve', '--model-dir', '/mnt/models', '--http-port', '8080']);
  });

  it('joins continued RUN lines into one shell command', () => {
    const [stage] = parseDockerfile('FROM scratch\nRUN echo one \\\n  && echo two\n');
    expect(stage?.steps).toEqual([{ kind: 'run', command: expect.stringMatching(/^echo one +&& echo two$/) }]);
  });

  it('keeps the spaces inside exec-form strings', () => {
    const [stage] = parseDockerfile('FROM scratch\nCMD ["sh", "-c", "echo  two words"]\n');
    expect(stage?.cmd).toEqual(['sh', '-c', 'echo  two words']);
  });

  it('refuses, by line, what a rehearsal would not reproduce', () => {
    expect(() => parseDockerfile('FROM scratch\nADD https://example.com/x /x\n')).toThrow(
      'line 2: ADD is not supported',
    );
    expect(() => parseDockerfile('FROM scratch\nRUN --mount=type=cache,target=/r true\n')).toThrow(
      'line 2: RUN must be in shell form without flags',
    );
    expect(() => parseDockerfile('FROM scratch\nCOPY --chown=1000 a b\n')).toThrow(
      'line 2: COPY --chown is not supported',
    );
    expect(() => parseDockerfile('FROM scratch\nCMD node main.js\n')).toThrow('line 2: CMD must use the exec');
    expect(() => parseDockerfile('RUN true\n')).toThrow('line 1: RUN comes before the first FROM');
  });

  it('finds the CUDA image running the same files as the CPU image', () => {
    const runtimeFiles = (dockerfile: string) =>
      stagesOf(dockerfile)
        .at(-1)
        ?.steps.filter((step) => step.kind === 'copy' && step.from !== 'node');
    expect(runtimeFiles('model-server/Dockerfile.cuda')).toEqual(runtimeFiles('model-server/Dockerfile'));
    const cuda = stagesOf('model-server/Dockerfile.cuda').at(-1);
    expect(cuda?.steps).toContainEqual({
      kind: 'env',
      values: expect.objectContaining({ EXECUTION_PROVIDER: 'cuda' }),
    });
    expect(cuda?.entrypoint).toEqual(['node', 'dist/cli.js']);
  });
});
