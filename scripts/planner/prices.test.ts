import { nodePrice, readPriceTable } from './prices';

const table = readPriceTable();

describe('GPU node prices', () => {
  it('ships a dated table whose every row names its source', () => {
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const row of [...table.machines, ...table.accelerators]) {
      expect(table.sources[row.source]?.url).toMatch(/^https:\/\//);
    }
  });

  it('prices a g2 node as its machine alone: the L4 is in the machine price', () => {
    const price = nodePrice(table, {
      region: 'europe-west4',
      machineType: 'g2-standard-8',
      accelerator: 'nvidia-l4',
      count: 1,
    });
    expect(price).toMatchObject({ onDemandPerHour: 0.897202, spotPerHour: 0.47082, currency: 'USD' });
    expect(price.sources).toHaveLength(1);
  });

  it('adds an N1 machine and its T4, each from its own source', () => {
    const price = nodePrice(table, {
      region: 'us-central1',
      machineType: 'n1-standard-8',
      accelerator: 'nvidia-tesla-t4',
      count: 1,
    });
    expect(price.onDemandPerHour).toBeCloseTo(0.379998 + 0.35, 9);
    expect(price.spotPerHour).toBeCloseTo(0.13402 + 0.175, 9);
    expect(price.sources).toHaveLength(2);
  });

  it('says what is missing rather than guessing a price', () => {
    expect(() =>
      nodePrice(
        table,
        { region: 'asia-east1', machineType: 'g2-standard-8', accelerator: 'nvidia-l4', count: 1 },
        'prices.yaml',
      ),
    ).toThrow(
      'prices.yaml has no price for machine type g2-standard-8 in asia-east1; add it (with its source) to plan this stack',
    );
    expect(() =>
      nodePrice(table, {
        region: 'us-central1',
        machineType: 'n1-standard-8',
        accelerator: 'nvidia-h100-80gb',
        count: 1,
      }),
    ).toThrow(/no price for the GPU nvidia-h100-80gb in us-central1/);
  });
});
