import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { validateManifest } from '../../infra/validation';
import { parseChecksums, sha256File } from './checksums';
import {
  renderModelStoreJob,
  stepScripts,
  uploadDoneMarker,
  versionDirs,
  versionExistsExitCode,
  type ModelStoreStep,
} from './pvc-job';

const run = promisify(execFile);

const base = {
  namespace: 'category-match',
  claimName: 'model-store',
  image: 'busybox:1.37.0',
  subPath: 'models',
  modelName: 'category-classifier',
  version: 'v7',
  files: ['model.onnx', 'labels.json'],
  suffix: 'abc123',
} as const;

const steps: ModelStoreStep[] = ['probe', 'copy', 'commit', 'discard'];

describe('model store Job', () => {
  it.each(steps)('the %s Job is a valid batch/v1 Job', (step) => {
    expect(validateManifest(renderModelStoreJob({ ...base, step }))).toEqual([]);
  });

  it('a field of the wrong type fails the same validation', () => {
    const job = renderModelStoreJob({ ...base, step: 'copy' });
    expect(validateManifest({ ...job, spec: { ...job.spec, backoffLimit: 'none' } })).not.toEqual([]);
  });

  it('mounts the claim read-write and gives only the copy step an upload directory', () => {
    for (const step of steps) {
      const pod = renderModelStoreJob({ ...base, step }).spec?.template.spec;
      const claim = pod?.volumes?.find((volume) => volume.persistentVolumeClaim !== undefined);
      expect(claim?.persistentVolumeClaim).toEqual({ claimName: 'model-store' });
      expect(pod?.containers[0]?.volumeMounts?.find((mount) => mount.name === claim?.name)?.readOnly).toBeUndefined();
      expect(pod?.volumes?.some((volume) => volume.emptyDir !== undefined)).toBe(step === 'copy');
    }
  });

  it('runs once, as a non-root user, and cleans itself up', () => {
    const job = renderModelStoreJob({ ...base, step: 'copy' });
    expect(job.metadata?.name).toBe('publish-model-copy-abc123');
    expect(job.spec?.backoffLimit).toBe(0);
    expect(job.spec?.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(job.spec?.template.spec?.securityContext?.runAsNonRoot).toBe(true);
    expect(job.spec?.template.spec?.containers[0]?.securityContext?.allowPrivilegeEscalation).toBe(false);
  });

  it('passes the version paths in the environment, under the claim sub-path', () => {
    const env = renderModelStoreJob({ ...base, step: 'commit' }).spec?.template.spec?.containers[0]?.env ?? [];
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'TARGET', value: '/store/models/category-classifier/v7' },
        { name: 'STAGE', value: '/store/models/category-classifier/.staging-v7' },
        { name: 'FILES', value: 'model.onnx labels.json' },
      ]),
    );
  });
});

describe('model store Job scripts, run with a local shell', () => {
  let work: string;
  let env: NodeJS.ProcessEnv;

  /** Runs a step's script as the Job would, with its mounts mapped to local directories. */
  async function runStep(step: ModelStoreStep, extra: NodeJS.ProcessEnv = {}) {
    return run('sh', ['-c', stepScripts[step]], { env: { ...env, ...extra }, timeout: 20_000 });
  }

  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pvc-job-'));
    const { target, stage } = versionDirs(base, path.join(work, 'store'));
    const upload = path.join(work, 'upload');
    await mkdir(upload, { recursive: true });
    await writeFile(path.join(upload, 'model.onnx'), 'onnx bytes');
    await writeFile(path.join(upload, 'labels.json'), '["TVs"]');
    env = {
      PATH: process.env.PATH,
      TARGET: target,
      STAGE: stage,
      FILES: base.files.join(' '),
      UPLOAD_DIR: upload,
      UPLOAD_TIMEOUT_SECONDS: '5',
    };
  });

  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('copy prints the sha256 of each file as read back, commit moves the version into place', async () => {
    await writeFile(path.join(work, 'upload', uploadDoneMarker), '');
    const copied = await runStep('copy');
    const digests = parseChecksums(copied.stdout);
    expect(digests.get('model.onnx')).toBe(await sha256File(path.join(work, 'upload', 'model.onnx')));
    expect(digests.get('labels.json')).toBe(await sha256File(path.join(work, 'upload', 'labels.json')));

    await expect(runStep('probe')).resolves.toMatchObject({ stdout: 'absent\n' });
    await runStep('commit');
    await expect(runStep('probe')).resolves.toMatchObject({ stdout: 'present\n' });
    expect((await readdir(path.join(work, 'store', 'models', 'category-classifier'))).sort()).toEqual(['v7']);
  });

  it('copy and commit refuse a version that already exists', async () => {
    await writeFile(path.join(work, 'upload', uploadDoneMarker), '');
    await mkdir(env.TARGET ?? '', { recursive: true });
    await expect(runStep('copy')).rejects.toMatchObject({
      code: versionExistsExitCode,
      stderr: expect.stringContaining('version exists'),
    });
    await expect(runStep('commit')).rejects.toMatchObject({ code: versionExistsExitCode });
  });

  it('copy gives up when no upload arrives in time', async () => {
    await expect(runStep('copy', { UPLOAD_TIMEOUT_SECONDS: '0' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no upload arrived in 0s'),
    });
  });

  it('discard removes the staging directory', async () => {
    await writeFile(path.join(work, 'upload', uploadDoneMarker), '');
    await runStep('copy');
    await runStep('discard');
    expect(await readdir(path.join(work, 'store', 'models', 'category-classifier'))).toEqual([]);
  });
});
