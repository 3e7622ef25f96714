/**
 * One violation message: which resource, what is wrong, what to change. Every policy words its
 * messages through this so `pulumi preview` output reads the same way for all of them.
 */
export function violation(kind: string, name: string, problem: string, fix: string): string {
  return `${kind} "${name}" ${problem}. Fix: ${fix}.`;
}
