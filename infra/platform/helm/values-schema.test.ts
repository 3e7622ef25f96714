import { referenceChartValues } from '../reference';
import { valuesSchemaErrors } from './values-schema';

describe('valuesSchemaErrors', () => {
  const certManager = referenceChartValues('certManager').schema;

  it('accepts values of the types the chart schema declares', () => {
    expect(valuesSchemaErrors({ crds: { enabled: true }, replicaCount: 2 }, certManager)).toEqual([]);
  });

  it('names the path of a value of the wrong type', () => {
    expect(valuesSchemaErrors({ replicaCount: 'two' }, certManager)).toEqual([
      expect.stringMatching(/^\/replicaCount: /),
    ]);
  });

  it('has nothing to say without a schema', () => {
    expect(valuesSchemaErrors({ anything: 1 }, undefined)).toEqual([]);
  });
});
