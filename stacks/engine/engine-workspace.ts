import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withToolchain } from '../../scripts/cluster/toolchain';

/** The repository root (the Pulumi project). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/** What the program needs beside `Pulumi.yaml`: linked, so the copy runs today's code. */
const linkedEntries = ['stacks', 'infra', 'policies', 'node_modules', 'package.json', 'tsconfig.json'];

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface EngineWorkspace {
  /** The project copy the CLI runs in. */
  readonly dir: string;
  readonly stack: string;
  /** Runs `pulumi <args> --stack <stack> --non-interactive` there; never throws on a non-zero exit. */
  pulumi(args: readonly string[]): Promise<CliResult>;
  /** Like `pulumi`, and fails with the CLI's output unless it exits 0. */
  pulumiOk(args: readonly string[]): Promise<string>;
  /** Deletes the copy and its state (after `pulumi destroy`, or to abandon it). */
  dispose(): Promise<void>;
}

export interface EngineWorkspaceOptions {
  /** The toolchain's bin directory: the CLI, the language host and the Kubernetes provider. */
  readonly bin: string;
  /** Environment the program sees besides the engine's own settings (KUBECONFIG, say). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * A stack of the project run by the real Pulumi CLI, in a temporary copy of the project files
 * (`pulumi stack init` rewrites `Pulumi.<stack>.yaml`: the checkout's own file stays untouched),
 * with a file backend beside it, a passphrase, no update checks and no plugin downloads: only
 * the toolchain's binaries, first on PATH, are used.
 */
export async function engineWorkspace(stack: string, options: EngineWorkspaceOptions): Promise<EngineWorkspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `category-match-engine-${stack}-`));
  for (const file of ['Pulumi.yaml', `Pulumi.${stack}.yaml`]) {
    await copyFile(path.join(projectRoot, file), path.join(dir, file));
  }
  for (const entry of linkedEntries) await symlink(path.join(projectRoot, entry), path.join(dir, entry));
  await mkdir(path.join(dir, '.state'));
  const env: NodeJS.ProcessEnv = {
    ...withToolchain(options.bin, { ...process.env, ...options.env }),
    PULUMI_HOME: path.join(dir, '.pulumi-home'),
    PULUMI_BACKEND_URL: `file://${path.join(dir, '.state')}`,
    PULUMI_CONFIG_PASSPHRASE: 'engine-tests',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    // The project's own TypeScript runner is tsx; jest's transform must not leak into the program.
    NODE_OPTIONS: '',
  };
  const pulumi = (args: readonly string[]): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(
        path.join(options.bin, 'pulumi'),
        [...args, '--stack', stack, '--non-interactive'],
        { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const pulumiOk = async (args: readonly string[]): Promise<string> => {
    const result = await pulumi(args);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
  };
  const init = await pulumi(['stack', 'init']);
  if (init.code !== 0) throw new Error(`pulumi stack init ${stack} failed: ${init.stderr}`);
  return { dir, stack, pulumi, pulumiOk, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** One resource of `pulumi stack export`. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly custom?: boolean;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** The resources of the stack's state, from `pulumi stack export` (secrets decrypted). */
export async function stateResources(workspace: EngineWorkspace): Promise<StateResource[]> {
  const exported = JSON.parse(await workspace.pulumiOk(['stack', 'export', '--show-secrets'])) as {
    deployment?: { resources?: StateResource[] };
  };
  return exported.deployment?.resources ?? [];
}

/** The step counts of `pulumi preview --json` (`same`, `update`, `create`, ...) and each changed step's URN. */
export interface PreviewSummary {
  readonly changeSummary: Readonly<Record<string, number>>;
  readonly changed: readonly { readonly op: string; readonly urn: string }[];
}

export async function previewSummary(
  workspace: EngineWorkspace,
  extraArgs: readonly string[] = [],
): Promise<PreviewSummary> {
  const preview = JSON.parse(await workspace.pulumiOk(['preview', '--json', ...extraArgs])) as {
    changeSummary?: Record<string, number>;
    steps?: { op: string; urn: string }[];
  };
  return {
    changeSummary: preview.changeSummary ?? {},
    changed: (preview.steps ?? []).filter((step) => step.op !== 'same').map(({ op, urn }) => ({ op, urn })),
  };
}
