import type { ClassifiedRecords } from '../processing/classify-records';
import { produceRequests, transactionalIdFor } from './delivery';

const topics = { groupId: 'g', inputTopic: 'in', outputTopic: 'out', dlqTopic: 'dlq' };
const record = (key: string, valueBytes: number) => ({ key, value: 'x'.repeat(valueBytes), headers: {} });

describe('produceRequests', () => {
  it('sends results and dead letters in requests of one topic each, so no send spans two partition leaders', () => {
    const classified: ClassifiedRecords = {
      results: [record('a', 10), record('b', 10)],
      deadLetters: [{ record: record('c', 10), reason: 'invalid-json' }],
      inferred: 2,
      stageTimes: [],
    };
    const requests = produceRequests(topics, classified, 1_764_730_000_123);
    expect(
      requests.map((request) => request.map(({ topic, messages }) => [topic, messages.map((m) => m.key)])),
    ).toEqual([[['out', ['a', 'b']]], [['dlq', ['c']]]]);
    // Every record carries the time its delivery started, so consumers can tell produce time from commit time.
    expect(requests.flat().flatMap(({ messages }) => messages.map((m) => m.timestamp))).toEqual([
      '1764730000123',
      '1764730000123',
      '1764730000123',
    ]);
  });

  it('splits a large transaction into requests the broker accepts (under 1 MiB), keeping the order', () => {
    const results = Array.from({ length: 4096 }, (_, index) => record(`r${index}`, 400));
    const deadLetters = Array.from({ length: 40 }, (_, index) => ({
      record: record(`d${index}`, 64 * 1024),
      reason: 'payload-too-large' as const,
    }));
    const requests = produceRequests(topics, { results, deadLetters, inferred: 4096, stageTimes: [] }, 0);
    expect(requests.length).toBeGreaterThan(1);
    const sizes = requests.map((request) =>
      request.reduce((sum, { messages }) => sum + messages.reduce((bytes, m) => bytes + String(m.value).length, 0), 0),
    );
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
    const keys = (topic: string) =>
      requests.flatMap((request) =>
        request.filter((entry) => entry.topic === topic).flatMap((entry) => entry.messages.map((m) => m.key)),
      );
    expect(keys('out')).toEqual(results.map((result) => result.key));
    expect(keys('dlq')).toEqual(deadLetters.map((letter) => letter.record.key));
  });
});

describe('transactionalIdFor', () => {
  it('derives the id from group, topic and partition, so the next owner of a partition fences the previous one', () => {
    expect(transactionalIdFor('category-match-worker', 'category-match-in', 3)).toBe(
      'category-match-worker-category-match-in-3',
    );
  });
});
