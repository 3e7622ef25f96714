import type { Admin, ITopicConfig, ITopicMetadata } from 'kafkajs';

// Errors a metadata request answers with while a just-created topic reaches the broker's metadata cache.
const notYetVisible = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);
const pollMs = 100;

/**
 * Creates the topics and waits until every partition has a leader. kafkajs's `waitForLeaders` retries only
 * LEADER_NOT_AVAILABLE, but a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION until the controller's record
 * reaches its metadata cache, and kafkajs then fails the creation of a topic that was in fact created.
 */
export async function createTopicsAndWait(
  admin: Pick<Admin, 'createTopics' | 'fetchTopicMetadata'>,
  topics: ITopicConfig[],
  timeoutMs = 30_000,
): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  await waitForTopicLeaders(
    admin,
    topics.map(({ topic }) => topic),
    timeoutMs,
  );
}

/**
 * The topics' metadata once every partition has a leader. kafkajs asks a random broker each time, and in a
 * cluster one broker can still answer UNKNOWN_TOPIC_OR_PARTITION after another has answered with leaders, so
 * every reader of a just-created topic's metadata goes through here, not only its creator.
 */
export async function waitForTopicLeaders(
  admin: Pick<Admin, 'fetchTopicMetadata'>,
  names: string[],
  timeoutMs = 30_000,
): Promise<ITopicMetadata[]> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: names });
      const leaderless = metadata.flatMap(({ name, partitions }) =>
        partitions.length === 0 || partitions.some(({ leader }) => leader < 0) ? [name] : [],
      );
      if (leaderless.length === 0 && metadata.length === names.length) return metadata;
      lastProblem = `no leader yet for ${leaderless.join(', ') || 'some topics'}`;
    } catch (error) {
      const type = kafkaErrorType(error);
      if (type === undefined || !notYetVisible.has(type)) throw error;
      lastProblem = type;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`topics ${names.join(', ')} not ready within ${timeoutMs} ms: ${lastProblem}`);
}

/** The protocol error's type, also when kafkajs wraps it after running out of retries. */
function kafkaErrorType(error: unknown): string | undefined {
  const { type, originalError } = (error ?? {}) as { type?: unknown; originalError?: unknown };
  if (typeof type === 'string') return type;
  return originalError === undefined ? undefined : kafkaErrorType(originalError);
}

/**
 * Resolves once every partition of `names` has a leader and all its replicas in sync: the moment a rolling
 * restart may take the next broker down without leaving a partition short of `min.insync.replicas`.
 */
export async function waitForInSyncReplicas(
  admin: Pick<Admin, 'fetchTopicMetadata'>,
  names: string[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lagging: string[] = [];
  while (Date.now() < deadline) {
    const metadata = await admin.fetchTopicMetadata({ topics: names }).then(
      ({ topics }) => topics,
      () => undefined,
    );
    if (metadata !== undefined) {
      lagging = metadata.flatMap(({ name, partitions }) =>
        partitions
          .filter(({ leader, isr, replicas }) => leader < 0 || isr.length < replicas.length)
          .map(({ partitionId }) => `${name}-${partitionId}`),
      );
      if (lagging.length === 0 && metadata.length === names.length) return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`replicas of ${lagging.join(', ') || names.join(', ')} not in sync within ${timeoutMs} ms`);
}
