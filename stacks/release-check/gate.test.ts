import * as pulumi from '@pulumi/pulumi';
import { assertReleaseReady, releaseProblems, ReleaseNotReadyError, type ReleaseHints } from './gate';
import { missing, present, unknown, type Presence, type ReleaseLookups } from './lookup';
import type { ReleaseRequirements } from './requirements';

const requirements: ReleaseRequirements = {
  images: ['registry.test/app/model-server:abc', 'registry.test/app/worker:abc'],
  model: { name: 'category-classifier', version: 'v2', storageUri: 'pvc://model-store/category-classifier/v2' },
};

const hints: ReleaseHints = {
  stack: 'dev',
  pushImage: 'run the images workflow',
  publishModel: (version) => `npm run publish-model -- --stack dev --version ${version}`,
};

function lookups(images: Readonly<Record<string, Presence>>, model: Presence): ReleaseLookups {
  return {
    image: (reference) => Promise.resolve(images[reference] ?? present),
    modelVersion: () => Promise.resolve(model),
  };
}

describe('the release check', () => {
  it('finds nothing to say when every image and the model version are present', async () => {
    await expect(releaseProblems(requirements, lookups({}, present), hints)).resolves.toEqual([]);
    await expect(assertReleaseReady(requirements, lookups({}, present), hints)).resolves.toBeUndefined();
  });

  it('names each missing image and the missing model version with the command that provides it', async () => {
    const problems = await releaseProblems(
      requirements,
      lookups({ 'registry.test/app/worker:abc': missing }, missing),
      hints,
    );
    expect(problems).toEqual([
      'image registry.test/app/worker:abc is not in its registry: run the images workflow',
      'model category-classifier version v2 is not in the model store (pvc://model-store/category-classifier/v2): npm run publish-model -- --stack dev --version v2',
    ]);
  });

  it('reports a lookup that could not tell as unchecked, with the reason and the switch that skips it', async () => {
    const problems = await releaseProblems(
      requirements,
      lookups({ 'registry.test/app/model-server:abc': unknown('registry.test wants credentials') }, present),
      hints,
    );
    expect(problems).toEqual([
      'image registry.test/app/model-server:abc could not be checked in its registry (registry.test wants credentials); category-match:verifyRelease false skips the check',
    ]);
  });

  it('fails the run with one clean message (a RunError, no stack trace) listing every problem and the first-deployment switch', async () => {
    const failure = assertReleaseReady(requirements, lookups({}, missing), hints);
    await expect(failure).rejects.toBeInstanceOf(ReleaseNotReadyError);
    const error = await failure.catch((caught: unknown) => caught);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).stack).toBe((error as Error).message);
    expect((error as Error).message).toBe(
      [
        'the app of stack "dev" was not rolled out: stacks/dev/release.yaml names what the cluster cannot pull yet',
        '  - model category-classifier version v2 is not in the model store (pvc://model-store/category-classifier/v2): npm run publish-model -- --stack dev --version v2',
        'Nothing of the app was created or changed. First deployment of a stack: docs/first-deploy.md',
        '(pulumi config set category-match:deployApp false -s dev deploys everything but the app).',
      ].join('\n'),
    );
  });
});
