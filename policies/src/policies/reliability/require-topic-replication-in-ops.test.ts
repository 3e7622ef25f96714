import { fixtures, inStack, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireTopicReplicationInOps as policy } from './require-topic-replication-in-ops';

describe('require-topic-replication-in-ops', () => {
  it('passes an ops topic with three replicas', async () => {
    expect(await validateResource(policy, fixtures.inputTopic('ops'))).toEqual([]);
  });

  it('flags an ops topic with two replicas', async () => {
    expect(await validateResource(policy, withChange(fixtures.inputTopic('ops'), 'spec.replicas', 2))).toEqual([
      expect.stringMatching(/KafkaTopic "topic-in" has replication factor 2 in an ops stack.*at least 3/),
    ]);
  });

  it('flags an ops topic that leaves replication to the broker', async () => {
    expect(
      await validateResource(policy, withChange(fixtures.inputTopic('ops'), 'spec.replicas', undefined)),
    ).toHaveLength(1);
  });

  it('lets a dev topic have one replica', async () => {
    expect(
      await validateResource(policy, withChange(inStack(fixtures.inputTopic(), 'dev'), 'spec.replicas', 1)),
    ).toEqual([]);
  });
});
