/** What a lookup found: the thing, its absence, or why it could not tell. */
export type Presence =
  | { readonly state: 'present' }
  | { readonly state: 'missing' }
  | { readonly state: 'unknown'; readonly reason: string };

export const present: Presence = { state: 'present' };
export const missing: Presence = { state: 'missing' };
export const unknown = (reason: string): Presence => ({ state: 'unknown', reason });

/** Answers whether an image reference or a model version exists where the cluster will read it. */
export interface ReleaseLookups {
  image(reference: string): Promise<Presence>;
  modelVersion(storageUri: string): Promise<Presence>;
}

/** The message of whatever a lookup threw, with its cause (fetch hides ECONNREFUSED there). */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
