import { createRequire } from 'node:module';
import { applyKafkajsFixes, checkKafkajsVersion, patchedKafkajsVersion } from './kafkajs-fixes';

const kafkajsPackage = createRequire(require.resolve('kafkajs'))('./package.json') as { version: string };

describe('the kafkajs read_committed fix', () => {
  it('is written for the kafkajs release installed, which package.json pins exactly', () => {
    expect(kafkajsPackage.version).toBe(patchedKafkajsVersion);
    expect(() => applyKafkajsFixes()).not.toThrow();
  });

  it('refuses any other kafkajs release, loudly, instead of running unpatched', () => {
    expect(() => checkKafkajsVersion('2.2.5')).toThrow(
      /kafkajs 2\.2\.5 is installed, but the read_committed fix .* patches the internals of kafkajs 2\.2\.4/,
    );
  });
});
