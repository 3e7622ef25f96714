import { createRequire } from 'node:module';
import { applyKafkajsFixes, checkKafkajsVersion, patchedKafkajsVersion } from './kafkajs-fixes';

const kafkajsPackage = createRequire(require.resolve('kafkajs'))('./package.json') as { version: string };

/** Whether each kafkajs Fetch response decoder of a module registry sorts the aborted-transaction list. */
function fetchDecodersSorting(): boolean[] {
  const fromKafkajs = createRequire(require.resolve('kafkajs'));
  return [4, 5, 6, 7, 8, 9, 10, 11].map(
    (version) =>
      (fromKafkajs(`./src/protocol/requests/fetch/v${version}/response`) as { sortsAbortedTransactions?: boolean })
        .sortsAbortedTransactions === true,
  );
}

describe('the kafkajs read_committed fix', () => {
  it('is applied by the kafkajs entry that every client of the project imports', () => {
    jest.isolateModules(() => {
      expect(fetchDecodersSorting()).not.toContain(true);
      jest.requireActual('./kafkajs');
      expect(fetchDecodersSorting()).not.toContain(false);
    });
  });

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
