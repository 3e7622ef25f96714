import * as pulumi from '@pulumi/pulumi';
import type { ReleaseLookups, Presence } from './lookup';
import type { ReleaseRequirements } from './requirements';

/** How a user provides what is missing, in the words of the stack's own tooling. */
export interface ReleaseHints {
  readonly stack: string;
  /** The command or workflow that puts an image into the stack's registry. */
  readonly pushImage: string;
  /** The command that publishes a model version to the stack's store. */
  publishModel(version: string): string;
}

/** The app's release names an image or model version that is not where the cluster will read it. */
export class ReleaseNotReadyError extends pulumi.RunError {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      [
        `the app of stack "${stackName}" was not rolled out: stacks/${stackName}/release.yaml names what the cluster cannot pull yet`,
        ...problems.map((problem) => `  - ${problem}`),
        'Nothing of the app was created or changed. First deployment of a stack: docs/first-deploy.md',
        `(pulumi config set category-match:deployApp false -s ${stackName} deploys everything but the app).`,
      ].join('\n'),
    );
    this.name = 'ReleaseNotReadyError';
    // The SDK prints `stack` for a failure that settles after the program's main module returned
    // (RunError's clean print covers only the main module's run); the message is the whole story.
    this.stack = this.message;
  }
}

function problem(what: string, where: string, presence: Presence, provide: string): string | undefined {
  switch (presence.state) {
    case 'present':
      return undefined;
    case 'missing':
      return `${what} is not in ${where}: ${provide}`;
    case 'unknown':
      return `${what} could not be checked in ${where} (${presence.reason}); category-match:verifyRelease false skips the check`;
  }
}

/** Every requirement of the release that its lookups do not find, as a sentence naming the fix. */
export async function releaseProblems(
  requirements: ReleaseRequirements,
  lookups: ReleaseLookups,
  hints: ReleaseHints,
): Promise<string[]> {
  const { model } = requirements;
  const [images, modelPresence] = await Promise.all([
    Promise.all(requirements.images.map(async (image) => ({ image, presence: await lookups.image(image) }))),
    lookups.modelVersion(model.storageUri),
  ]);
  return [
    ...images.map(({ image, presence }) => problem(`image ${image}`, 'its registry', presence, hints.pushImage)),
    problem(
      `model ${model.name} version ${model.version}`,
      `the model store (${model.storageUri})`,
      modelPresence,
      hints.publishModel(model.version),
    ),
  ].filter((text): text is string => text !== undefined);
}

/** Resolves when every requirement is present; otherwise fails the run with one message listing them all. */
export async function assertReleaseReady(
  requirements: ReleaseRequirements,
  lookups: ReleaseLookups,
  hints: ReleaseHints,
): Promise<void> {
  const problems = await releaseProblems(requirements, lookups, hints);
  if (problems.length > 0) throw new ReleaseNotReadyError(hints.stack, problems);
}
