import { defaultDestroyStacks, parseStackList, protectedStacks, type StackName } from './stacks';

export class DestroyRefusedError extends Error {
  constructor(readonly refusedStack: StackName) {
    super(
      `refusing to destroy stack "${refusedStack}": it is protected; run the destroy workflow by hand ` +
        `with the confirmation input set to "${refusedStack}"`,
    );
    this.name = 'DestroyRefusedError';
  }
}

export interface DestroyRequest {
  /** Stacks as typed in the workflow input or variable; empty means the default (dev). */
  readonly stacks?: string;
  /** The confirmation input: must equal the name of every protected stack in the request. */
  readonly confirmation?: string;
}

/**
 * Decides which stacks a destroy run may tear down. Unprotected stacks always pass; a protected
 * one (ops) passes only when the confirmation equals its name exactly, so neither a schedule nor
 * a stray click can destroy it.
 */
export function guardDestroy(request: DestroyRequest): StackName[] {
  const stacks = parseStackList(request.stacks, defaultDestroyStacks);
  const confirmation = (request.confirmation ?? '').trim();
  const refused = stacks.find((stack) => protectedStacks.includes(stack) && confirmation !== stack);
  if (refused !== undefined) throw new DestroyRefusedError(refused);
  return stacks;
}
