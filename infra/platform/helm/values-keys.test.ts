import { unknownValuesKeys } from './values-keys';

const defaults = {
  crds: { enabled: false, keep: true },
  nodeSelector: {},
  tolerations: [],
  serviceAccount: { create: true, name: null },
  image: { tag: 'v1' },
};

describe('unknownValuesKeys', () => {
  it('accepts keys that the defaults declare', () => {
    expect(unknownValuesKeys({ crds: { enabled: true }, image: { tag: 'v2' } }, { defaults })).toEqual([]);
  });

  it('names a misspelt nested key by its dotted path', () => {
    expect(unknownValuesKeys({ crds: { enable: true } }, { defaults })).toEqual(['crds.enable']);
  });

  it('names an unknown top-level key', () => {
    expect(unknownValuesKeys({ installCRD: true, crds: { keep: false } }, { defaults })).toEqual(['installCRD']);
  });

  it('accepts any key under an empty map, a list or a null default', () => {
    const values = {
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'system' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
      serviceAccount: { name: 'exporter' },
    };
    expect(unknownValuesKeys(values, { defaults })).toEqual([]);
  });

  it('rejects children under a scalar default', () => {
    expect(unknownValuesKeys({ image: { tag: { major: 1 } } }, { defaults })).toEqual(['image.tag.major']);
  });

  it('accepts keys that only the values schema declares, following $ref', () => {
    const schema = {
      $ref: '#/$defs/values',
      $defs: {
        values: {
          type: 'object',
          additionalProperties: false,
          properties: { platform: { type: 'string' }, crds: { $ref: '#/$defs/crds' } },
        },
        crds: {
          type: 'object',
          additionalProperties: false,
          properties: { enabled: {}, keep: {}, annotations: { type: 'object' } },
        },
      },
    };
    expect(unknownValuesKeys({ platform: 'gke', crds: { annotations: { a: 'b' } } }, { defaults, schema })).toEqual([]);
    expect(unknownValuesKeys({ platfrom: 'gke' }, { defaults, schema })).toEqual(['platfrom']);
  });

  it('treats a schema object with properties and no additionalProperties as closed, and patternProperties as open', () => {
    const schema = {
      type: 'object',
      properties: {
        autoscaling: { type: 'object', properties: { enabled: {} } },
        labels: { type: 'object', patternProperties: { '^[a-z./-]+$': { type: 'string' } } },
      },
    };
    expect(
      unknownValuesKeys(
        { autoscaling: { enabld: true }, labels: { 'app.kubernetes.io/part-of': 'x' } },
        { defaults: {}, schema },
      ),
    ).toEqual(['autoscaling.enabld']);
  });

  it('accepts the documented extra keys and what lies under them', () => {
    const reference = { defaults, extraKeys: ['platform', 'global.platform'] };
    expect(unknownValuesKeys({ platform: 'gke', global: { platform: 'gke' } }, reference)).toEqual([]);
    expect(unknownValuesKeys({ global: { profile: 'ambient' } }, reference)).toEqual(['global.profile']);
  });

  it('finds nothing in values that are not an object', () => {
    expect(unknownValuesKeys(undefined, { defaults })).toEqual([]);
  });
});
