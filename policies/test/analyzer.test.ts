import devConfig from '../config/dev.json';
import { PackUnderTest } from './analyzer-client';
import { fixtures, withChange } from './fixtures';
import { parsePolicyPackConfig } from './harness';

/** How the engine marks a secret and a value unknown during preview on the wire. */
const secretSignature = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270' };
const unknownValue = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

describe('the pack served over the analyzer protocol, as pulumi preview runs it', () => {
  let pack: PackUnderTest | undefined;
  const served = (): PackUnderTest => {
    if (pack === undefined) throw new Error('the policy pack did not start');
    return pack;
  };

  beforeAll(async () => {
    pack = await PackUnderTest.start();
  }, 120_000);

  afterAll(async () => {
    await pack?.stop();
  });

  it('reports a violation at the level written in code when no config is given', async () => {
    const onDemand = withChange(fixtures.gpuPool('dev'), 'nodeConfig.spot', false);
    expect(await served().analyze(onDemand)).toEqual([
      {
        policy: 'require-spot-vms-in-dev',
        level: 'advisory',
        message: expect.stringMatching(/Node pool "gpu" runs on on-demand VMs in a dev stack/),
        // The engine attaches the resource's URN to a resource policy's diagnostic itself.
        urn: '',
      },
    ]);
  });

  it('sees through a Pulumi secret, so a credential in plain sight is caught even when it was a secret', async () => {
    const env = { name: 'KAFKA_SASL_PASSWORD', value: { ...secretSignature, value: 'hunter2' } };
    const worker = withChange(fixtures.worker('dev'), 'spec.template.spec.containers.0.env.1', env);
    expect(await served().analyze(worker)).toEqual([
      expect.objectContaining({ policy: 'forbid-plaintext-secrets', level: 'mandatory' }),
    ]);
  });

  it('skips a policy with an advisory note when the value it needs is unknown during preview', async () => {
    const service = withChange(fixtures.inferenceService('dev'), 'spec.predictor.minReplicas', unknownValue);
    expect(await served().analyze(service)).toEqual([
      expect.objectContaining({
        policy: 'require-predictor-scale-to-zero-in-dev',
        level: 'advisory',
        message: expect.stringMatching(/can't run policy 'require-predictor-scale-to-zero-in-dev'.*during preview/),
      }),
    ]);
  });

  it('runs stack policies over all resources', async () => {
    expect(await served().analyzeStack([fixtures.inferenceService('dev')])).toEqual([
      expect.objectContaining({
        policy: 'require-strict-mtls',
        level: 'mandatory',
        message: expect.stringMatching(/Namespace "category-match"/),
      }),
    ]);
  });

  it("applies the dev stack's policy config file: levels and settings", async () => {
    await served().configure(parsePolicyPackConfig(devConfig));
    const onDemand = withChange(fixtures.gpuPool('dev'), 'nodeConfig.spot', false);
    expect(await served().analyze(onDemand)).toEqual([
      expect.objectContaining({ policy: 'require-spot-vms-in-dev', level: 'mandatory' }),
    ]);
    const bigDisk = withChange(fixtures.disk(), 'size', 150);
    expect(await served().analyze(bigDisk)).toEqual([
      expect.objectContaining({
        policy: 'limit-disk-size',
        level: 'mandatory',
        message: expect.stringMatching(/above the 100 GB cap/),
      }),
    ]);
  });

  it('fails with the policy and key named when a config value has the wrong type', async () => {
    await served().configure({ 'limit-disk-size': { enforcementLevel: 'mandatory', maxDiskSizeGb: 'big' } });
    await expect(served().analyze(fixtures.disk())).rejects.toThrow(
      /Invalid policy config for "limit-disk-size": maxDiskSizeGb/,
    );
  });
});
