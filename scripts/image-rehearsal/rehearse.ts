import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ignore from '@balena/dockerignore';
import { parseDockerfile, type Stage, type Step } from './dockerfile';
import { networkEnvironment, runShell } from './shell';

export interface ImageUser {
  uid: number;
  gid: number;
}

/** The final stage of a rehearsed build: its files on this machine and how the image starts. */
export interface RehearsedImage {
  /** The directory that stands for the image's `/`. */
  root: string;
  /** The image's working directory (an image path). */
  workdir: string;
  env: Record<string, string>;
  user?: ImageUser;
  entrypoint: string[];
  cmd: string[];
}

export interface RehearsalOptions {
  dockerfile: string;
  /** The build context (`docker build <context>`). */
  context: string;
  /** An empty directory for the stages' files, npm's cache and HOME. */
  workDir: string;
  /** Everything the RUN steps print. */
  onOutput?: (text: string) => void;
}

interface StageState {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: ImageUser;
  entrypoint?: string[];
  cmd?: string[];
}

/** Where an image path lies under a stage's root. */
export function hostPath(root: string, imagePath: string): string {
  return path.join(root, path.posix.resolve('/', imagePath));
}

/** `node` is uid/gid 1000 in the official Node images; otherwise numeric `uid[:gid]`. */
export function parseUser(user: string): ImageUser {
  if (user === 'node') return { uid: 1000, gid: 1000 };
  const match = /^(\d+)(?::(\d+))?$/.exec(user);
  if (match === null) throw new Error(`USER ${user}: only "node" or a numeric uid[:gid] can be rehearsed`);
  const uid = Number(match[1]);
  return { uid, gid: match[2] === undefined ? uid : Number(match[2]) };
}

/** The ignore file BuildKit reads: `<Dockerfile>.dockerignore` beside it, else the context's `.dockerignore`. */
function contextFilter(dockerfile: string, context: string): (relative: string) => boolean {
  const candidates = [`${dockerfile}.dockerignore`, path.join(context, '.dockerignore')];
  const file = candidates.find((candidate) => existsSync(candidate));
  const rules = ignore().add(file === undefined ? [] : readFileSync(file, 'utf8').split('\n'));
  return (relative) => relative === '' || !rules.ignores(relative);
}

/**
 * Carries out a Dockerfile's stages without an engine: each stage gets a directory standing for its
 * `/`, COPY copies from the context (honouring the ignore file) or an earlier stage, RUN runs in a
 * shell in the stage's working directory. What the base images hold (node, npm, the OS) is not
 * rehearsed: RUN steps use this machine's. It shows that the files a Dockerfile copies and the
 * commands it runs produce a runtime stage that works, which is most of what breaks in image builds.
 */
export async function rehearseBuild(options: RehearsalOptions): Promise<RehearsedImage> {
  const stages = parseDockerfile(readFileSync(options.dockerfile, 'utf8'));
  const contextAllows = contextFilter(options.dockerfile, options.context);
  const home = path.join(options.workDir, 'home');
  mkdirSync(home, { recursive: true });
  const built = new Map<string, StageState>();
  let last: StageState | undefined;
  for (const [index, stage] of stages.entries()) {
    last = await buildStage(stage, path.join(options.workDir, 'stages', String(index)), built, {
      context: options.context,
      contextAllows,
      home,
      npmCache: path.join(options.workDir, 'npm-cache'),
      onOutput: options.onOutput,
    });
    built.set(stage.name, last);
  }
  if (last === undefined) throw new Error('no stage was built');
  const { root, workdir, env, user, entrypoint = [], cmd = [] } = last;
  if (entrypoint.length + cmd.length === 0) throw new Error('the final stage has neither ENTRYPOINT nor CMD');
  return { root, workdir, env, ...(user === undefined ? {} : { user }), entrypoint, cmd };
}

/**
 * Rehearses `<context>/<dockerfile>` in a fresh directory under the system's temporary directory,
 * open to the image's user; `remove()` deletes it.
 */
export async function rehearseInTempDir(
  context: string,
  dockerfile: string,
): Promise<{ image: RehearsedImage; remove: () => void }> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'image-rehearsal-'));
  chmodSync(workDir, 0o755);
  const remove = (): void => rmSync(workDir, { recursive: true, force: true });
  try {
    return { image: await rehearseBuild({ dockerfile: path.join(context, dockerfile), context, workDir }), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

interface BuildContext {
  context: string;
  contextAllows: (relative: string) => boolean;
  home: string;
  npmCache: string;
  onOutput: ((text: string) => void) | undefined;
}

async function buildStage(
  stage: Stage,
  root: string,
  built: Map<string, StageState>,
  build: BuildContext,
): Promise<StageState> {
  const parent = built.get(stage.base);
  mkdirSync(root, { recursive: true });
  if (parent !== undefined) cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true });
  const state: StageState = parent === undefined ? { root, workdir: '/', env: {} } : { ...parent, root };
  for (const step of stage.steps) await applyStep(step, state, built, build);
  if (stage.entrypoint !== undefined) state.entrypoint = stage.entrypoint;
  if (stage.cmd !== undefined) state.cmd = stage.cmd;
  return state;
}

async function applyStep(step: Step, state: StageState, built: Map<string, StageState>, build: BuildContext) {
  switch (step.kind) {
    case 'workdir':
      state.workdir = path.posix.resolve(state.workdir, step.path);
      mkdirSync(hostPath(state.root, state.workdir), { recursive: true });
      return;
    case 'env':
      state.env = { ...state.env, ...step.values };
      return;
    case 'user':
      state.user = parseUser(step.user);
      return;
    case 'run':
      await runShell(
        step.command,
        hostPath(state.root, state.workdir),
        {
          ...networkEnvironment(),
          PATH: process.env.PATH ?? '',
          HOME: build.home,
          npm_config_cache: build.npmCache,
          ...state.env,
        },
        build.onOutput,
      );
      return;
    case 'copy':
      copy(step, state, built, build);
  }
}

function copy(
  step: Extract<Step, { kind: 'copy' }>,
  state: StageState,
  built: Map<string, StageState>,
  build: BuildContext,
): void {
  const fromStage = step.from === undefined ? undefined : built.get(step.from);
  if (step.from !== undefined && fromStage === undefined) {
    throw new Error(`COPY --from=${step.from}: files of an image that is not a built stage cannot be rehearsed`);
  }
  const destinationPath = path.posix.resolve(state.workdir, step.destination);
  const intoDirectory = step.destination.endsWith('/') || step.sources.length > 1;
  for (const source of step.sources) {
    if (/[*?[]/.test(source)) throw new Error(`COPY ${source}: wildcards are not supported`);
    const relative = path.posix.normalize(source).replace(/^\/+/, '');
    if (relative.startsWith('..')) throw new Error(`COPY ${source}: outside the build context`);
    const from = fromStage === undefined ? path.join(build.context, relative) : hostPath(fromStage.root, source);
    if (!existsSync(from) || (fromStage === undefined && !build.contextAllows(relative))) {
      throw new Error(
        `COPY ${source}: not found${fromStage === undefined ? ' in the build context' : ` in ${step.from}`}`,
      );
    }
    const destination = hostPath(state.root, destinationPath);
    if (statSync(from).isDirectory()) {
      // As Docker does: a directory's contents, not the directory itself.
      cpSync(from, destination, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (file) =>
          fromStage !== undefined || build.contextAllows(path.relative(build.context, file).split(path.sep).join('/')),
      });
    } else {
      const target = intoDirectory ? path.join(destination, path.basename(from)) : destination;
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(from, target);
    }
  }
}
