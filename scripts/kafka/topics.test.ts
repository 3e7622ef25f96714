import type { Admin, ITopicMetadata } from 'kafkajs';
import { createTopicsAndWait, waitForTopicLeaders } from './topics';

type TopicAdmin = Pick<Admin, 'createTopics' | 'fetchTopicMetadata'>;

const protocolError = (type: string) => Object.assign(new Error(type), { type });
const led = (name: string, leader: number): ITopicMetadata => ({
  name,
  partitions: [{ partitionId: 0, leader, replicas: [1], isr: [1], offlineReplicas: [], partitionErrorCode: 0 }],
});

/** An admin whose metadata answers come from `answers`, one per call (the last one repeats). */
function adminAnswering(answers: (() => ITopicMetadata[])[]): TopicAdmin & { metadataCalls: () => number } {
  let calls = 0;
  return {
    createTopics: () => Promise.resolve(true),
    fetchTopicMetadata: () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer === undefined) return Promise.reject(new Error('no answer'));
      try {
        return Promise.resolve({ topics: answer() });
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    metadataCalls: () => calls,
  };
}

describe('creating topics and waiting for their leaders', () => {
  it('waits through "unknown topic" and leaderless answers until every partition has a leader', async () => {
    const admin = adminAnswering([
      () => {
        throw protocolError('UNKNOWN_TOPIC_OR_PARTITION');
      },
      () => [led('in', -1)],
      () => [led('in', 1)],
    ]);
    await createTopicsAndWait(admin, [{ topic: 'in' }]);
    expect(admin.metadataCalls()).toBe(3);
  });

  it('looks through kafkajs giving up on retries to the protocol error underneath', async () => {
    const wrapped = Object.assign(new Error('retries exhausted'), {
      originalError: protocolError('LEADER_NOT_AVAILABLE'),
    });
    const admin = adminAnswering([
      () => {
        throw wrapped;
      },
      () => [led('in', 1)],
    ]);
    await expect(createTopicsAndWait(admin, [{ topic: 'in' }])).resolves.toBeUndefined();
  });

  it('fails at once on any other error', async () => {
    const admin = adminAnswering([
      () => {
        throw protocolError('TOPIC_AUTHORIZATION_FAILED');
      },
    ]);
    await expect(createTopicsAndWait(admin, [{ topic: 'in' }])).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    expect(admin.metadataCalls()).toBe(1);
  });

  it('names the topics and the last problem when they never get a leader', async () => {
    const admin = adminAnswering([() => [led('in', -1)]]);
    await expect(createTopicsAndWait(admin, [{ topic: 'in' }], 300)).rejects.toThrow(
      'topics in not ready within 300 ms: no leader yet for in',
    );
  });

  it('gives a reader the metadata with leaders, through a broker that has not seen the topic yet', async () => {
    const admin = adminAnswering([
      () => {
        throw protocolError('UNKNOWN_TOPIC_OR_PARTITION');
      },
      () => [led('out', 2)],
    ]);
    await expect(waitForTopicLeaders(admin, ['out'])).resolves.toEqual([led('out', 2)]);
    expect(admin.metadataCalls()).toBe(2);
  });
});
