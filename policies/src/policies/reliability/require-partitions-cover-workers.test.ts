import { fixtures, withChange } from '../../../test/fixtures';
import { validateStack } from '../../../test/harness';
import { requirePartitionsCoverWorkers as policy } from './require-partitions-cover-workers';

describe('require-partitions-cover-workers', () => {
  const stack = () => [fixtures.inputTopic(), fixtures.worker(), fixtures.scaledObject()];

  it('passes when the input topic has as many partitions as KEDA may start workers', async () => {
    expect(await validateStack(policy, stack())).toEqual([]);
  });

  it('flags a topic with fewer partitions than the maximum worker replicas, naming both', async () => {
    const topic = withChange(fixtures.inputTopic(), 'spec.partitions', 2);
    expect(await validateStack(policy, [topic, fixtures.worker(), fixtures.scaledObject()])).toEqual([
      expect.stringMatching(
        /KafkaTopic "topic-in" has 2 partition\(s\) but Deployment "category-match-worker" scales to 4 replicas.*raise spec.partitions to at least 4/,
      ),
    ]);
  });

  it("uses KEDA's default of 100 replicas when the ScaledObject sets no maximum", async () => {
    const scaler = withChange(fixtures.scaledObject(), 'spec.maxReplicaCount', undefined);
    expect(await validateStack(policy, [fixtures.inputTopic(), fixtures.worker(), scaler])).toEqual([
      expect.stringMatching(/scales to 100 replicas/),
    ]);
  });

  it('uses spec.replicas for a worker without a ScaledObject', async () => {
    const worker = withChange(fixtures.worker(), 'spec.replicas', 6);
    expect(await validateStack(policy, [fixtures.inputTopic(), worker])).toEqual([
      expect.stringMatching(/scales to 6 replicas \(spec.replicas\)/),
    ]);
  });

  it('flags a worker consuming a topic no KafkaTopic declares', async () => {
    expect(await validateStack(policy, [fixtures.worker(), fixtures.scaledObject()])).toEqual([
      expect.stringMatching(/consumes topic category-match-in, which no KafkaTopic in this stack declares/),
    ]);
  });
});
