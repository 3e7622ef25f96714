import { CommandError, type CommandRunner } from './command';
import { GcsModelStore } from './gcs-store';

/** A gcloud that answers each command line from a table; unlisted lines fail as gcloud would for an absent object. */
function scriptedGcloud(answers: Readonly<Record<string, string | CommandError>>): CommandRunner {
  return {
    run(command, args) {
      const line = [command, ...args].join(' ');
      const answer = answers[line] ?? new CommandError(line, 1, 'ERROR: One or more URLs matched no objects.');
      return answer instanceof CommandError ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

const describeBucket = 'gcloud storage buckets describe gs://acme-models --format=value(name)';

describe('the Cloud Storage model store', () => {
  it('names a bucket that does not exist, and what creates it', async () => {
    const store = new GcsModelStore(
      'gs://acme-models',
      scriptedGcloud({
        [describeBucket]: new CommandError(describeBucket, 1, 'ERROR: gs://acme-models not found: 404.'),
      }),
    );
    await expect(store.published('category-classifier', 'v1')).rejects.toThrow(
      'the model store gs://acme-models does not exist (a stack with modelStore gcs creates it: pulumi up)',
    );
  });

  it('names a bucket the account may not read', async () => {
    const store = new GcsModelStore(
      'gs://acme-models',
      scriptedGcloud({
        [describeBucket]: new CommandError(describeBucket, 1, 'ERROR: [me@acme] does not have permission: 403'),
      }),
    );
    await expect(store.published('category-classifier', 'v1')).rejects.toThrow(
      'cannot read the model store gs://acme-models as the current gcloud account',
    );
  });

  it('reads a published version from its checksums manifest, and an absent one as absent', async () => {
    const digest = 'a'.repeat(64);
    const store = new GcsModelStore(
      'gs://acme-models',
      scriptedGcloud({
        [describeBucket]: 'acme-models\n',
        'gcloud storage cat gs://acme-models/category-classifier/v1/checksums.sha256': `${digest}  model.onnx\n`,
      }),
    );
    await expect(store.published('category-classifier', 'v1')).resolves.toEqual(new Map([['model.onnx', digest]]));
    await expect(store.published('category-classifier', 'v2')).resolves.toBeUndefined();
  });
});
