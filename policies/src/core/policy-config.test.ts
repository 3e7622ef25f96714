import { z } from 'zod';
import { policyConfig, readPolicyConfig } from './policy-config';

const config = policyConfig({
  maxDiskSizeGb: z.number().int().positive().default(200).describe('largest disk'),
  environment: z.enum(['dev', 'ops']).optional(),
});
const source = (value: object) => ({ getConfig: <T extends object>() => value as T });

describe('policy config', () => {
  it('derives the JSON schema Pulumi checks, defaults and descriptions included', () => {
    expect(config.configSchema.properties['maxDiskSizeGb']).toMatchObject({
      type: 'integer',
      default: 200,
      description: 'largest disk',
    });
    expect(config.configSchema.properties['environment']).toMatchObject({ enum: ['dev', 'ops'] });
  });

  it('fills defaults for keys the stack leaves out', () => {
    expect(readPolicyConfig('limit-disk-size', config, source({}))).toEqual({ maxDiskSizeGb: 200 });
  });

  it('fails naming the policy and the key for a wrong value', () => {
    expect(() => readPolicyConfig('limit-disk-size', config, source({ maxDiskSizeGb: -1 }))).toThrow(
      /Invalid policy config for "limit-disk-size": maxDiskSizeGb: /,
    );
  });

  it('rejects a misspelt key, naming it', () => {
    expect(() => readPolicyConfig('limit-disk-size', config, source({ maxDiskSizeGB: 100 }))).toThrow(/maxDiskSizeGB/);
  });
});
