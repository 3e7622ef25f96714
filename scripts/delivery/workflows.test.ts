import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { workflowImageTag } from '../../stacks/release';
import { evaluateTemplates } from './testing/github-expressions';

const workflowsDir = path.resolve(__dirname, '..', '..', '.github', 'workflows');

type Mapping = Record<string, unknown>;

function mapping(value: unknown, where: string): Mapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where} is not a mapping`);
  return value as Mapping;
}

async function workflow(name: string): Promise<Mapping> {
  return mapping(parse(await readFile(path.join(workflowsDir, name), 'utf8')), name);
}

function job(document: Mapping, id: string): Mapping {
  return mapping(mapping(document.jobs, 'jobs')[id], `job ${id}`);
}

function steps(document: Mapping, id: string): Mapping[] {
  const list = job(document, id).steps;
  return Array.isArray(list) ? list.map((step, index) => mapping(step, `${id} step ${index}`)) : [];
}

describe('delivery workflows', () => {
  it('pull requests run the test command, then preview both stacks', async () => {
    const pr = await workflow('pull-request.yml');
    expect(job(pr, 'test').uses).toBe('./.github/workflows/test.yml');
    const preview = job(pr, 'preview');
    expect(preview.needs).toBe('test');
    expect(preview.uses).toBe('./.github/workflows/pulumi.yml');
    expect(mapping(preview.with, 'with').command).toBe('preview');
    expect(mapping(mapping(preview.strategy, 'strategy').matrix, 'matrix').stack).toEqual(['dev', 'ops']);
  });

  it('the test job installs from the lockfile and runs npm test with the Node of .nvmrc', async () => {
    const test = await workflow('test.yml');
    const runs = steps(test, 'test').map((step) => step.run);
    expect(runs.slice(-2)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
    const setupNode = steps(test, 'test').find((step) => String(step.uses).startsWith('actions/setup-node@'));
    expect(mapping(setupNode?.with, 'setup-node with')['node-version-file']).toBe('repo/.nvmrc');
  });

  it('every Pulumi run uses the policy pack except destroy, and comments previews on the pull request', async () => {
    const pulumi = await workflow('pulumi.yml');
    const action = steps(pulumi, 'pulumi').find((step) => String(step.uses).startsWith('pulumi/actions@'));
    const inputs = mapping(action?.with, 'pulumi/actions with');
    const runs = [
      { command: 'preview', event: 'pull_request' },
      { command: 'preview', event: 'push' },
      { command: 'up', event: 'push' },
      { command: 'destroy', event: 'schedule' },
    ];
    const contexts = ({ command, event }: (typeof runs)[number]) => ({
      inputs: { command },
      github: { event_name: event },
      vars: { PULUMI_BACKEND_URL: 'gs://state-bucket' },
    });
    const evaluated = (template: unknown) =>
      evaluateTemplates(runs.map((run) => ({ template: String(template), contexts: contexts(run) })));
    expect(evaluated(inputs.policyPacks)).toEqual(['policies', 'policies', 'policies', '']);
    expect(evaluated(inputs['comment-on-pr'])).toEqual([true, false, false, false]);
    expect(evaluated(inputs['cloud-url'])).toEqual(Array(runs.length).fill('gs://state-bucket'));
  });

  it('GCP access goes through Workload Identity Federation, never a key', async () => {
    for (const name of ['pulumi.yml', 'images.yml']) {
      const document = await workflow(name);
      const jobId = Object.keys(mapping(document.jobs, 'jobs'))[0] ?? '';
      const auth = steps(document, jobId).find((step) => String(step.uses).startsWith('google-github-actions/auth@'));
      const inputs = mapping(auth?.with, `${name} auth with`);
      const provider = 'projects/1/locations/global/workloadIdentityPools/github/providers/repo';
      expect(
        evaluateTemplates([
          {
            template: String(inputs.workload_identity_provider),
            contexts: { vars: { GCP_WORKLOAD_IDENTITY_PROVIDER: provider } },
          },
        ]),
      ).toEqual([provider]);
      expect(inputs).not.toHaveProperty('credentials_json');
      expect(mapping(job(document, jobId).permissions, 'permissions')['id-token']).toBe('write');
    }
  });

  it('CI runs the Pulumi CLI of the SDK version in the lockfile', async () => {
    const lock = mapping(
      JSON.parse(await readFile(path.join(workflowsDir, '..', '..', 'package-lock.json'), 'utf8')),
      'lockfile',
    );
    const sdk = mapping(mapping(lock.packages, 'packages')['node_modules/@pulumi/pulumi'], '@pulumi/pulumi').version;
    expect(mapping((await workflow('pulumi.yml')).env, 'env').PULUMI_VERSION).toBe(sdk);
  });

  it('updates and destroys of one stack share a concurrency group and are never cancelled', async () => {
    const concurrency = mapping(job(await workflow('pulumi.yml'), 'pulumi').concurrency, 'concurrency');
    const runs = [
      { command: 'up', stack: 'dev', ref: 'refs/heads/main' },
      { command: 'destroy', stack: 'dev', ref: 'refs/heads/main' },
      { command: 'up', stack: 'ops', ref: 'refs/heads/main' },
      { command: 'preview', stack: 'dev', ref: 'refs/pull/7/merge' },
      { command: 'preview', stack: 'dev', ref: 'refs/pull/8/merge' },
    ];
    const evaluate = (template: unknown) =>
      evaluateTemplates(
        runs.map(({ command, stack, ref }) => ({
          template: String(template),
          contexts: { inputs: { command, stack }, github: { ref } },
        })),
      );
    const [upDev, destroyDev, upOps, previewA, previewB] = evaluate(concurrency.group);
    expect(destroyDev).toBe(upDev);
    expect(new Set([upDev, upOps, previewA, previewB]).size).toBe(4);
    expect(evaluate(concurrency['cancel-in-progress'])).toEqual([false, false, false, true, true]);
  });

  it('main applies dev, then ops only through the protected ops environment', async () => {
    const main = await workflow('main.yml');
    expect(mapping(job(main, 'up-dev').with, 'with')).toMatchObject({ command: 'up', stack: 'dev' });
    expect(job(main, 'up-ops').needs).toBe('up-dev');
    expect(mapping(job(main, 'up-ops').with, 'with')).toMatchObject({
      command: 'up',
      stack: 'ops',
      environment: 'ops',
    });
  });

  it('destroy runs on a schedule and by hand, through the guard, in each stack environment', async () => {
    const destroy = await workflow('destroy.yml');
    const on = mapping(destroy.on, 'on');
    expect(Array.isArray(on.schedule)).toBe(true);
    const inputs = mapping(mapping(on.workflow_dispatch, 'workflow_dispatch').inputs, 'inputs');
    expect(mapping(inputs.stacks, 'stacks').default).toBe('dev');
    expect(mapping(inputs.confirm, 'confirm').default).toBe('');
    const guard = steps(destroy, 'select').find((step) => step.id === 'guard');
    expect(guard?.run).toContain('scripts/delivery/cli.ts destroy-guard');
    expect(mapping(job(destroy, 'destroy').with, 'with')).toMatchObject({
      command: 'destroy',
      environment: '${{ matrix.stack }}',
      confirm: '${{ inputs.confirm }}',
    });
  });

  it('images are tagged with the commit SHA, and a pull request points the releases at them', async () => {
    const images = await workflow('images.yml');
    const destinations = steps(images, 'build').find((step) => step.id === 'destinations');
    const sha = '4a65601b8685603219ec729ad693c4e03d68946c';
    const tags = evaluateTemplates(
      ['', '-cuda'].map((suffix) => ({
        template: String(mapping(destinations?.env, 'destinations env').TAG),
        contexts: { github: { sha }, matrix: { suffix } },
      })),
    );
    expect(tags).toEqual([sha, `${sha}-cuda`]);
    // The plain tag is exactly what a GKE stack's release may name (the app derives the CUDA one).
    expect(workflowImageTag.test(String(tags[0]))).toBe(true);
    const release = job(images, 'release');
    expect(release.needs).toBe('build');
    expect(mapping(release.permissions, 'release permissions')).toEqual({
      contents: 'write',
      'pull-requests': 'write',
    });
    const runs = steps(images, 'release').map((step) => String(step.run ?? ''));
    expect(runs).toContainEqual(expect.stringContaining('release-images --tag "$GITHUB_SHA"'));
    expect(runs).toContainEqual(expect.stringContaining('gh pr create --base main'));
  });

  it('images are built from the repository root for the CPU and CUDA Dockerfiles', async () => {
    const images = await workflow('images.yml');
    const include = mapping(mapping(job(images, 'build').strategy, 'strategy').matrix, 'matrix').include;
    expect(include).toEqual([
      { image: 'worker', dockerfile: 'worker/Dockerfile', suffix: '' },
      { image: 'model-server', dockerfile: 'model-server/Dockerfile', suffix: '' },
      { image: 'model-server', dockerfile: 'model-server/Dockerfile.cuda', suffix: '-cuda' },
    ]);
    const build = steps(images, 'build').find((step) => String(step.uses).startsWith('docker/build-push-action@'));
    expect(mapping(build?.with, 'build with')).toMatchObject({ context: '.', push: true });
  });
});
