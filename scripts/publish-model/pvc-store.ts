import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { parseChecksums, type Digests } from './checksums';
import { checkClusterAccess, type ClusterTarget } from './cluster-access';
import { processRunner, type CommandRunner } from './command';
import {
  renderModelStoreJob,
  uploadDoneMarker,
  uploadMount,
  versionExistsExitCode,
  type ModelStoreStep,
} from './pvc-job';
import { VersionExistsError, type ModelStore, type PendingVersion } from './store';
import { recordModelVersion } from './version-record';

export class StepFailedError extends Error {
  constructor(
    readonly step: ModelStoreStep,
    readonly job: string,
    readonly logs: string,
  ) {
    super(
      `the ${step} job ${job} failed${logs.includes('version exists') ? ` (exit ${versionExistsExitCode}: version exists)` : ''}:\n${logs.trim()}`,
    );
    this.name = 'StepFailedError';
  }
}

/** Turns a step that found the version already on the disk into the error every store reports. */
function asVersionExists(uri: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof StepFailedError && error.logs.includes('version exists')) throw new VersionExistsError(uri);
    throw error;
  };
}

export interface PvcStoreOptions {
  /** Namespace of the claim (the InferenceService's namespace). */
  readonly namespace: string;
  /** Image for the short-lived Jobs. */
  readonly image: string;
  /**
   * The claim the Jobs mount read-write, when it differs from the claim in the URI (the one
   * predictors mount read-only); both are bound to the same disk.
   */
  readonly writerClaimName?: string;
  /** The stack's cluster, checked before anything runs: what the current context must name, and what creates the claim. */
  readonly cluster?: Pick<ClusterTarget, 'contextIncludes' | 'createdBy'>;
  readonly runner?: CommandRunner;
  /** How long to wait for a Job's pod to start (the disk has to attach) and to finish. */
  readonly timeoutMs?: number;
}

/** Polls `check` every two seconds until it returns a value, or fails naming what it waited for. */
async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}`);
    await sleep(2000);
  }
}

/**
 * The stack's 10 GiB model disk (`pvc://claim[/path]`), written through short-lived Jobs that
 * mount the claim read-write: a copy Job receives the files by `kubectl cp` into a staging
 * directory on the disk and prints their sha256 as read back; a commit Job renames the staging
 * directory into place. A GCE persistent disk is attached read-write to one node or read-only to
 * many, so publish while no predictor has the disk mounted (scaled to zero) or use a bucket.
 */
export class PvcModelStore implements ModelStore {
  readonly claimName: string;
  readonly subPath: string;
  private readonly runner: CommandRunner;
  private readonly timeoutMs: number;

  constructor(
    uri: string,
    private readonly options: PvcStoreOptions,
  ) {
    const match = /^pvc:\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\/(.*))?$/.exec(uri);
    if (match?.[1] === undefined)
      throw new Error(`not a PVC storage URI: ${JSON.stringify(uri)} (expected pvc://claim[/path])`);
    this.claimName = match[1];
    this.subPath = (match[3] ?? '').replace(/^\/+|\/+$/g, '');
    if (this.subPath.split('/').includes('..')) throw new Error(`PVC storage URI ${uri} must not contain ".."`);
    this.runner = options.runner ?? processRunner;
    this.timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
  }

  versionUri(modelName: string, version: string): string {
    return ['pvc:/', this.claimName, this.subPath, modelName, version].filter((part) => part !== '').join('/');
  }

  async published(modelName: string, version: string): Promise<Digests | undefined> {
    await checkClusterAccess(this.runner, {
      namespace: this.options.namespace,
      claim: this.options.writerClaimName ?? this.claimName,
      ...this.options.cluster,
    });
    const { logs } = await this.runStep('probe', modelName, version, []);
    // The probe prints `present` and the version's checksums manifest, or `absent`.
    const [answer, ...manifest] = logs.trim().split('\n');
    return answer === 'present' ? parseChecksums(manifest.join('\n')) : undefined;
  }

  async write(
    modelName: string,
    version: string,
    sourceDir: string,
    files: readonly string[],
  ): Promise<PendingVersion> {
    const uri = this.versionUri(modelName, version);
    const { logs } = await this.runStep('copy', modelName, version, files, async (pod) => {
      for (const file of files) {
        await this.kubectl([
          'cp',
          path.join(sourceDir, file),
          `${this.options.namespace}/${pod}:${uploadMount}/${file}`,
        ]);
      }
      await this.kubectl([
        'exec',
        '-n',
        this.options.namespace,
        pod,
        '--',
        'touch',
        `${uploadMount}/${uploadDoneMarker}`,
      ]);
    }).catch(asVersionExists(uri));
    const digests = parseChecksums(logs);
    return {
      digests,
      commit: async () => {
        await this.runStep('commit', modelName, version, files).catch(asVersionExists(uri));
        await recordModelVersion(this.runner, {
          namespace: this.options.namespace,
          storageUri: uri,
          modelName,
          version,
          digests,
        });
      },
      discard: async () => {
        await this.runStep('discard', modelName, version, files);
      },
    };
  }

  private kubectl(args: readonly string[]): Promise<string> {
    return this.runner.run('kubectl', args, { timeoutMs: this.timeoutMs });
  }

  /** Applies one step's Job, lets `whileRunning` talk to its pod, waits for it and returns its logs. */
  private async runStep(
    step: ModelStoreStep,
    modelName: string,
    version: string,
    files: readonly string[],
    whileRunning?: (pod: string) => Promise<void>,
  ): Promise<{ logs: string }> {
    const { namespace, image } = this.options;
    const job = renderModelStoreJob({
      step,
      namespace,
      claimName: this.options.writerClaimName ?? this.claimName,
      image,
      subPath: this.subPath,
      modelName,
      version,
      files,
    });
    const name = job.metadata?.name;
    if (name === undefined) throw new Error(`the ${step} Job has no name`);
    await this.runner.run('kubectl', ['apply', '-f', '-'], { input: JSON.stringify(job), timeoutMs: this.timeoutMs });
    try {
      if (whileRunning !== undefined) {
        const pod = await waitFor(
          `the pod of job ${namespace}/${name} to run (is the disk attached elsewhere?)`,
          this.timeoutMs,
          async () => {
            const out = await this.kubectl([
              'get',
              'pods',
              '-n',
              namespace,
              '-l',
              `job-name=${name}`,
              '-o',
              'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}',
            ]);
            const running = out
              .split('\n')
              .map((line) => line.split(' '))
              .find(([, phase]) => phase === 'Running');
            return running?.[0];
          },
        );
        await whileRunning(pod);
      }
      const outcome = await waitFor(`job ${namespace}/${name} to finish`, this.timeoutMs, async () => {
        const out = await this.kubectl([
          'get',
          'job',
          name,
          '-n',
          namespace,
          '-o',
          'jsonpath={.status.succeeded},{.status.failed}',
        ]);
        const [succeeded, failed] = out.split(',');
        if (Number(succeeded) > 0) return 'succeeded';
        if (Number(failed) > 0) return 'failed';
        return undefined;
      });
      const logs = await this.kubectl(['logs', '-n', namespace, `job/${name}`]);
      if (outcome === 'failed') throw new StepFailedError(step, `${namespace}/${name}`, logs);
      return { logs };
    } finally {
      await this.kubectl([
        'delete',
        'job',
        name,
        '-n',
        namespace,
        '--ignore-not-found',
        '--cascade=background',
        '--wait=false',
      ]).catch(() => undefined);
    }
  }
}
