import { DockerfileParser, type Copy, type Env, type From, type Instruction, type Run } from 'dockerfile-ast';

/** One build step the rehearsal can carry out without an engine. */
export type Step =
  | { kind: 'workdir'; path: string }
  | { kind: 'copy'; from?: string; sources: string[]; destination: string }
  | { kind: 'run'; command: string }
  | { kind: 'env'; values: Record<string, string> }
  | { kind: 'user'; user: string };

export interface Stage {
  /** The `AS` name, or the stage's index when it has none. */
  name: string;
  /** The base: an image reference, or the name of an earlier stage. */
  base: string;
  steps: Step[];
  entrypoint?: string[];
  cmd?: string[];
}

/** Instructions that only describe the image (or are resolved by the parser, as ARG is). */
const DESCRIPTIVE = new Set(['ARG', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'MAINTAINER']);

function fail(instruction: Instruction, why: string): never {
  const line = (instruction.getRange()?.start.line ?? 0) + 1;
  throw new Error(`line ${line}: ${instruction.getKeyword()} ${why}`);
}

function expandedValues(instruction: Instruction): string[] {
  return instruction.getExpandedArguments().map((argument) => argument.getValue());
}

/** The exec form is a JSON array of strings (the parser's own JSON strings lose their spaces). */
function jsonForm(instruction: Instruction): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(instruction.getArgumentsContent() ?? '');
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((value) => typeof value === 'string')) {
    fail(instruction, 'must use the exec (JSON array) form here');
  }
  return parsed as string[];
}

function copyStep(instruction: Copy): Step {
  const flags = instruction.getFlags();
  const unsupported = flags.find((flag) => flag.getName() !== 'from');
  if (unsupported !== undefined) fail(instruction, `--${unsupported.getName()} is not supported`);
  const paths = expandedValues(instruction).filter((value) => !value.startsWith('--'));
  const destination = paths.pop();
  if (destination === undefined || paths.length === 0) fail(instruction, 'needs at least one source and a destination');
  const from = instruction.getFromFlag()?.getValue() ?? undefined;
  return { kind: 'copy', ...(from === undefined || from === null ? {} : { from }), sources: paths, destination };
}

function envStep(instruction: Env): Step {
  const values: Record<string, string> = {};
  for (const property of instruction.getProperties()) values[property.getName()] = property.getValue() ?? '';
  return { kind: 'env', values };
}

/**
 * The stages of a Dockerfile as steps a rehearsal can run: WORKDIR, COPY (optionally --from a stage),
 * shell-form RUN, ENV, USER, and the final ENTRYPOINT/CMD in exec form. ARG defaults are expanded.
 * Anything else that changes the image (ADD, RUN --mount, SHELL, VOLUME, ...) is refused by line,
 * so a rehearsal never silently differs from a real build.
 */
export function parseDockerfile(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      const [base] = expandedValues(from);
      if (base === undefined) fail(instruction, 'needs an image');
      stages.push({ name: from.getBuildStage() ?? String(stages.length), base, steps: [] });
      continue;
    }
    if (DESCRIPTIVE.has(keyword)) continue;
    const stage = stages.at(-1);
    if (stage === undefined) fail(instruction, 'comes before the first FROM');
    switch (keyword) {
      case 'WORKDIR': {
        const [path] = expandedValues(instruction);
        if (path === undefined || !path.startsWith('/')) fail(instruction, 'needs an absolute path');
        stage.steps.push({ kind: 'workdir', path });
        break;
      }
      case 'COPY':
        stage.steps.push(copyStep(instruction as Copy));
        break;
      case 'RUN': {
        const command = instruction.getArgumentsContent();
        if (command === null || command.trimStart().startsWith('[') || (instruction as Run).getFlags().length > 0) {
          fail(instruction, 'must be in shell form without flags');
        }
        stage.steps.push({ kind: 'run', command });
        break;
      }
      case 'ENV':
        stage.steps.push(envStep(instruction as Env));
        break;
      case 'USER': {
        const [user] = expandedValues(instruction);
        if (user === undefined) fail(instruction, 'needs a user');
        stage.steps.push({ kind: 'user', user });
        break;
      }
      case 'ENTRYPOINT':
        stage.entrypoint = jsonForm(instruction);
        break;
      case 'CMD':
        stage.cmd = jsonForm(instruction);
        break;
      default:
        fail(instruction, 'is not supported by the rehearsal');
    }
  }
  if (stages.length === 0) throw new Error('the Dockerfile has no FROM');
  return stages;
}
