import { closeSchema } from './closed-schema';

describe('closeSchema', () => {
  it('closes objects that list their properties, at every depth', () => {
    const closed = closeSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { items: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } } },
        },
      },
    });
    expect(closed).toMatchObject({
      additionalProperties: false,
      properties: {
        spec: { additionalProperties: false, properties: { items: { items: { additionalProperties: false } } } },
      },
    });
  });

  it('leaves objects that preserve unknown fields or declare additional properties open', () => {
    const preserved = closeSchema({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: { a: {} },
    });
    const map = closeSchema({ type: 'object', additionalProperties: { type: 'string' } });
    expect(preserved.additionalProperties).toBeUndefined();
    expect(map.additionalProperties).toEqual({ type: 'string' });
  });

  it('does not change the schema it is given', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    closeSchema(schema);
    expect(schema).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });
});
