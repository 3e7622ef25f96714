import { randomBytes } from 'node:crypto';
import type { IJob } from 'kubernetes-models/batch/v1/Job';

/** Where the Job mounts the model store claim and the upload scratch space. */
export const storeMount = '/store';
export const uploadMount = '/upload';
/** Written into the upload directory once every file has been copied in. */
export const uploadDoneMarker = '.uploaded';
/** Exit status of a step that found the version already published. */
export const versionExistsExitCode = 3;

export type ModelStoreStep = 'probe' | 'copy' | 'commit' | 'discard';

/** Paths inside the Job, relative to the store mount: `<subPath>/<model>/<version>`. */
export interface VersionPaths {
  readonly subPath: string;
  readonly modelName: string;
  readonly version: string;
}

export interface ModelStoreJobArgs extends VersionPaths {
  readonly step: ModelStoreStep;
  readonly namespace: string;
  /** The PersistentVolumeClaim holding the model store. */
  readonly claimName: string;
  /** Any image with a POSIX shell, cp, mv, tar (for kubectl cp) and sha256sum. */
  readonly image: string;
  readonly files: readonly string[];
  /** Unique suffix of the Job name; random unless given (tests). */
  readonly suffix?: string;
  /** How long the copy step waits for the upload before giving up. */
  readonly uploadTimeoutSeconds?: number;
}

const versionExists = `echo "version exists: $TARGET" >&2; exit ${versionExistsExitCode}`;

/** The shell each step runs; paths arrive in environment variables, never spliced into the text. */
export const stepScripts: Readonly<Record<ModelStoreStep, string>> = {
  probe:
    'set -eu\nif [ -e "$TARGET" ]; then echo present; cat "$TARGET/checksums.sha256" 2>/dev/null || true; else echo absent; fi\n',
  copy: [
    'set -eu',
    'waited=0',
    `until [ -e "$UPLOAD_DIR/${uploadDoneMarker}" ]; do`,
    '  if [ "$waited" -ge "$UPLOAD_TIMEOUT_SECONDS" ]; then echo "no upload arrived in ${UPLOAD_TIMEOUT_SECONDS}s" >&2; exit 1; fi',
    '  sleep 1; waited=$((waited + 1))',
    'done',
    `if [ -e "$TARGET" ]; then ${versionExists}; fi`,
    'rm -rf "$STAGE"',
    'mkdir -p "$STAGE"',
    'for file in $FILES; do cp "$UPLOAD_DIR/$file" "$STAGE/$file"; done',
    'sync',
    'cd "$STAGE"',
    // What landed on the disk, read back; the publisher compares it with the source.
    'sha256sum $FILES',
    '',
  ].join('\n'),
  commit: `set -eu\nif [ -e "$TARGET" ]; then ${versionExists}; fi\nmv "$STAGE" "$TARGET"\necho "published $TARGET"\n`,
  discard: 'set -eu\nrm -rf "$STAGE"\necho "removed $STAGE"\n',
};

/** The directories a step works on, under a given store mount. */
export function versionDirs(paths: VersionPaths, mount: string = storeMount): { target: string; stage: string } {
  const base = [mount, paths.subPath, paths.modelName].filter((part) => part !== '').join('/');
  return { target: `${base}/${paths.version}`, stage: `${base}/.staging-${paths.version}` };
}

/** DNS-1123 Job name: `publish-model-<step>-<suffix>`, well under 63 characters. */
export function jobName(step: ModelStoreStep, suffix: string): string {
  return `publish-model-${step}-${suffix}`;
}

/**
 * A short-lived Job that mounts the model store claim read-write and runs one step of a publish.
 * Only the copy step gets an upload directory (an emptyDir that `kubectl cp` fills); it stays
 * alive until the upload is marked done. The Job retries nothing (a half step must be looked
 * at, not repeated) and removes itself an hour after finishing.
 */
export function renderModelStoreJob(args: ModelStoreJobArgs): IJob {
  const name = jobName(args.step, args.suffix ?? randomBytes(3).toString('hex'));
  const { target, stage } = versionDirs(args);
  const uploads = args.step === 'copy';
  const labels = { 'app.kubernetes.io/name': 'publish-model', 'app.kubernetes.io/component': args.step };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: args.namespace,
      labels,
      annotations: { 'category-match/model': args.modelName, 'category-match/version': args.version },
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            // Files stay readable by the predictor, whatever user it runs as.
            fsGroup: 65532,
            fsGroupChangePolicy: 'OnRootMismatch',
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: args.step,
              image: args.image,
              command: ['sh', '-c', stepScripts[args.step]],
              env: [
                { name: 'TARGET', value: target },
                { name: 'STAGE', value: stage },
                { name: 'FILES', value: args.files.join(' ') },
                { name: 'UPLOAD_DIR', value: uploadMount },
                { name: 'UPLOAD_TIMEOUT_SECONDS', value: String(args.uploadTimeoutSeconds ?? 600) },
              ],
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'store', mountPath: storeMount },
                ...(uploads ? [{ name: 'upload', mountPath: uploadMount }] : []),
              ],
            },
          ],
          volumes: [
            { name: 'store', persistentVolumeClaim: { claimName: args.claimName } },
            // Room for one version of the 10 GiB store.
            ...(uploads ? [{ name: 'upload', emptyDir: { sizeLimit: '10Gi' } }] : []),
          ],
        },
      },
    },
  };
}
