/**
 * Drift as a GitOps tool or `pulumi refresh` sees it: a field the platform declares that the live
 * object holds with another value, or a resource quantity nobody declared. Servers and controllers
 * legitimately add fields the platform leaves open (defaults, status, their own annotations); a
 * request or limit map is a complete statement of a container's resources, so a key added to it
 * (a webhook capping the CPU) is drift too.
 */

/** Maps the platform declares in full: a key the live object adds to them changes behaviour. */
const completeMaps = new Set(['limits', 'requests']);

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where `live` differs from `declared`, as `path: declared → live` lines; empty when it does not. */
export function driftOf(declared: unknown, live: unknown, at = ''): string[] {
  const here = at === '' ? '.' : at;
  if (Array.isArray(declared)) {
    if (!Array.isArray(live) || live.length !== declared.length) {
      return [`${here}: ${JSON.stringify(declared)} → ${JSON.stringify(live)}`];
    }
    return declared.flatMap((item, index) => driftOf(item, live[index], `${at}[${index}]`));
  }
  if (isMap(declared)) {
    if (!isMap(live)) return [`${here}: ${JSON.stringify(declared)} → ${JSON.stringify(live)}`];
    const changed = Object.entries(declared).flatMap(([key, value]) => driftOf(value, live[key], `${at}.${key}`));
    const key = at.split('.').at(-1) ?? '';
    const added = completeMaps.has(key)
      ? Object.keys(live)
          .filter((name) => !(name in declared))
          .map((name) => `${at}.${name}: (not declared) → ${JSON.stringify(live[name])}`)
      : [];
    return [...changed, ...added];
  }
  return declared === live ? [] : [`${here}: ${JSON.stringify(declared)} → ${JSON.stringify(live)}`];
}

/**
 * A declaration as the server stores it: a Secret's `stringData` is write-only, merged into `data`
 * base64-encoded (what Argo CD and Pulumi compare too).
 */
export function asStored(declared: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const stringData = declared['stringData'];
  if (declared['kind'] !== 'Secret' || !isMap(stringData)) return { ...declared };
  const { stringData: _written, ...rest } = declared;
  const encoded = Object.fromEntries(
    Object.entries(stringData).map(([key, value]) => [key, Buffer.from(String(value)).toString('base64')]),
  );
  return { ...rest, data: { ...(isMap(declared['data']) ? declared['data'] : {}), ...encoded } };
}
