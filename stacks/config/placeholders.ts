/**
 * Values the committed stack files carry until a user replaces them with their own: the project-id
 * placeholder, the documentation domains of RFC 2606 and the documentation address ranges of
 * RFC 5737. A deployment that starts with one fails late, at GCP or at Git; the program refuses it first.
 */
const placeholderPatterns: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /replace-with-[a-z0-9-]*/i, what: 'a placeholder' },
  { pattern: /\b(?:[a-z0-9-]+\.)*example\.(?:com|org|net)\b/i, what: 'a documentation domain' },
  { pattern: /\b(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d+(?:\/\d+)?/, what: 'a documentation address range' },
];

/** One problem per config value that still holds a placeholder, naming the key and the command that sets it. */
export function placeholderProblems(stack: string, raw: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const { pattern, what } of placeholderPatterns) {
      const found = pattern.exec(value)?.[0];
      if (found !== undefined) {
        problems.push(
          `category-match:${key}: "${found}" is ${what}, not a real value; pulumi config set category-match:${key} <value> -s ${stack}`,
        );
        break;
      }
    }
  }
  return problems;
}
