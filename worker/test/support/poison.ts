import type { Message } from 'kafkajs';

/** The kinds of poison a user's producers really send, each rejected by the worker itself with its own reason. */
export const poisonKinds = ['truncated-json', 'no-title', 'unknown-schema-version', 'oversized-title'] as const;
export type PoisonKind = (typeof poisonKinds)[number];

// Far above the worker's 64 KiB limit and below the broker's 1 MiB record limit: the size of a pasted page.
const oversizedTitleBytes = 315 * 1024;

/** One poison message of `kind`, keyed `poison-<kind>-<index>`. */
export function poisonMessage(kind: PoisonKind, index: number): Message {
  const id = `poison-${kind}-${index}`;
  const value = {
    'truncated-json': () => `{"schemaVersion": 1, "id": "${id}", "title": "apple iph`,
    'no-title': () => JSON.stringify({ schemaVersion: 1, id }),
    'unknown-schema-version': () => JSON.stringify({ schemaVersion: 2, id, title: 'apple iphone 8 plus 64gb silver' }),
    'oversized-title': () => JSON.stringify({ schemaVersion: 1, id, title: 'x'.repeat(oversizedTitleBytes) }),
  }[kind]();
  return { key: id, value };
}

export const isPoisonKey = (key: string): boolean => key.startsWith('poison-');

/** `messages` with `perKind` poison messages of every kind spread evenly among them, the kinds taking turns. */
export function withPoison(messages: readonly Message[], perKind: number): Message[] {
  const poison = Array.from({ length: perKind }, (_, index) =>
    poisonKinds.map((kind) => poisonMessage(kind, index)),
  ).flat();
  const every = Math.max(1, Math.floor(messages.length / (poison.length + 1)));
  const mixed: Message[] = [];
  messages.forEach((message, index) => {
    mixed.push(message);
    if ((index + 1) % every === 0) mixed.push(...poison.splice(0, 1));
  });
  return [...mixed, ...poison];
}
