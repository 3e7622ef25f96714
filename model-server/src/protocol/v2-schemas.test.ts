import { parseInferRequest } from './v2-schemas';

const text = (data: unknown, shape: number[] = [1], datatype = 'BYTES') => ({
  inputs: [{ name: 'text', datatype, shape, data }],
});

describe('parseInferRequest', () => {
  it('flattens nested data row-major', () => {
    const request = parseInferRequest({
      inputs: [
        {
          name: 'input_ids',
          datatype: 'INT64',
          shape: [2, 2],
          data: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    });
    expect(request.inputs[0]?.data).toEqual([1, 2, 3, 4]);
  });

  it('keeps the id, parameters and requested outputs', () => {
    const request = parseInferRequest({
      id: 'r-1',
      parameters: { a: 1 },
      ...text(['x']),
      outputs: [{ name: 'label' }],
    });
    expect(request).toMatchObject({ id: 'r-1', parameters: { a: 1 }, outputs: [{ name: 'label' }] });
  });

  it.each([
    ['a body that is not an object', [1, 2], /JSON object/],
    ['no inputs', { inputs: [] }, /at least one input/],
    ['an unknown datatype', text(['x'], [1], 'STRING'), /datatype/],
    ['data that does not fill the shape', text(['a', 'b'], [3]), /3 elements\) but 2/],
    ['a number in BYTES data', text([5]), /not a valid BYTES/],
    [
      'a fraction in INT64 data',
      { inputs: [{ name: 'input_ids', datatype: 'INT64', shape: [1], data: [1.5] }] },
      /INT64/,
    ],
    ['a negative dimension', text(['a'], [-1]), /negative/],
    ['the same input twice', { inputs: [text(['a']).inputs[0], text(['b']).inputs[0]] }, /appears twice/],
  ])('rejects %s with a message naming it', (_case, body, message) => {
    expect(() => parseInferRequest(body)).toThrow(message);
  });
});
