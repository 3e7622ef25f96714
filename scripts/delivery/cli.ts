import path from 'node:path';
import { parseArgs } from 'node:util';
import { guardDestroy } from './destroy-guard';
import { setStepOutput } from './github-output';
import { knownStacks, parseStackList } from './stacks';

const repoRoot = path.resolve(__dirname, '..', '..');

const usage = `usage: tsx scripts/delivery/cli.ts <command> [options]

destroy-guard [--stacks "dev,ops"] [--confirm <stack>]
    Prints the stacks a destroy run may tear down as a JSON list (step output "stacks" under
    GitHub Actions); refuses a protected stack (ops) unless --confirm equals its name.
image-tags --image <name> --tag <tag> [--stacks "dev,ops"]
    Prints where one image build goes: <registry>/<name>:<tag> in the registry of each stack
    (default: all stacks), as step outputs "tags" and "hosts" (comma-separated).
release-images --tag <commit sha> [--stacks "dev,ops"]
    Points stacks/<stack>/release.yaml at the images the images workflow pushed for that commit
    and renders stacks/<stack>/manifests/ again; prints the files written.`;

async function destroyGuard(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { stacks: { type: 'string' }, confirm: { type: 'string' } },
    strict: true,
  });
  const stacks = JSON.stringify(guardDestroy({ stacks: values.stacks, confirmation: values.confirm }));
  await setStepOutput('stacks', stacks);
  console.log(stacks);
}

async function imageTags(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { stacks: { type: 'string' }, image: { type: 'string' }, tag: { type: 'string' } },
    strict: true,
  });
  if (values.image === undefined || values.tag === undefined)
    throw new Error(`--image and --tag are required\n${usage}`);
  const stacks = parseStackList(values.stacks, knownStacks);
  // Loaded here only: it reads the stack config schema, which the destroy guard does not need.
  const { imageDestinations, stackRegistry } = await import('./image-registry.js');
  const registries = stacks.map((stack) => stackRegistry(repoRoot, stack));
  const { tags, hosts } = imageDestinations(registries, values.image, values.tag);
  await setStepOutput('tags', tags.join(','));
  await setStepOutput('hosts', hosts.join(','));
  console.log(tags.join('\n'));
}

async function releaseImagesCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { stacks: { type: 'string' }, tag: { type: 'string' } },
    strict: true,
  });
  if (values.tag === undefined) throw new Error(`--tag is required\n${usage}`);
  const stacks = parseStackList(values.stacks, knownStacks);
  const { releaseImages } = await import('./release-images.js');
  console.log(releaseImages(repoRoot, stacks, values.tag).join('\n'));
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'destroy-guard':
      return destroyGuard(rest);
    case 'image-tags':
      return imageTags(rest);
    case 'release-images':
      return releaseImagesCommand(rest);
    default:
      throw new Error(command === undefined ? usage : `unknown command "${command}"\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
