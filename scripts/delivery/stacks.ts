/** The stacks of the project (`Pulumi.<stack>.yaml`). */
export const knownStacks = ['dev', 'ops'] as const;
export type StackName = (typeof knownStacks)[number];

/** Stacks that hold production traffic: destroying one needs an explicit confirmation. */
export const protectedStacks: readonly StackName[] = ['ops'];

/** What the scheduled destroy tears down when nothing else is configured. */
export const defaultDestroyStacks: readonly StackName[] = ['dev'];

export function isStackName(name: string): name is StackName {
  return (knownStacks as readonly string[]).includes(name);
}

/**
 * Parses a stack list as typed in a workflow input or repository variable (`"dev"`, `"dev, ops"`,
 * `"dev ops"`): duplicates dropped, order kept, an empty list meaning the default.
 */
export function parseStackList(text: string | undefined, fallback: readonly StackName[]): StackName[] {
  const names = [
    ...new Set(
      (text ?? '')
        .split(/[\s,]+/)
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    ),
  ];
  if (names.length === 0) return [...fallback];
  const unknown = names.filter((name) => !isStackName(name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown stack ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known stacks: ${knownStacks.join(', ')}`,
    );
  }
  return names.filter(isStackName);
}
