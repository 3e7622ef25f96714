import { Readable } from 'node:stream';
import { productOfJsonLine, productsOfCsv, readProducts, type InputItem } from './product-input';

async function all(items: AsyncIterable<InputItem>): Promise<InputItem[]> {
  const collected: InputItem[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

describe('product input', () => {
  it('reads the PriceRunner CSV (product_id, product_title) and a plain one (id, title), quoted titles included', () => {
    const pricerunner = 'product_id,product_title,category_label\n1,"apple iphone 8, 64gb",Mobile Phones\n';
    expect(productsOfCsv(pricerunner, 'p.csv')).toEqual([
      { kind: 'product', id: '1', title: 'apple iphone 8, 64gb', category: 'Mobile Phones' },
    ]);
    expect(productsOfCsv('title,id\nbosch dishwasher,sku-9\n\n', 'q.csv')).toEqual([
      { kind: 'product', id: 'sku-9', title: 'bosch dishwasher' },
    ]);
  });

  it('names the columns a CSV lacks, and a row without an id', () => {
    expect(() => productsOfCsv('sku,name\n1,x\n', 'bad.csv')).toThrow(
      'bad.csv: the header needs an id column (id or product_id) and a title column (title or product_title); it has sku, name',
    );
    expect(productsOfCsv('id,title\n,x\n', 'q.csv')).toEqual([{ kind: 'problem', line: 2, message: 'no id' }]);
  });

  it('takes a JSON line with an id and a title, and names what is wrong with any other', () => {
    expect(productOfJsonLine('{"id": 7, "title": "tv", "price": 1}', 1)).toEqual({
      kind: 'product',
      id: '7',
      title: 'tv',
    });
    expect(productOfJsonLine('{"id": 7', 2)).toEqual({ kind: 'problem', line: 2, message: 'not JSON' });
    expect(productOfJsonLine('[1]', 3)).toEqual({ kind: 'problem', line: 3, message: 'not a JSON object' });
    expect(productOfJsonLine('{"title": "tv"}', 4)).toEqual({
      kind: 'problem',
      line: 4,
      message: 'no "id" (string or number)',
    });
    expect(productOfJsonLine('{"id": "a"}', 5)).toEqual({ kind: 'problem', line: 5, message: 'no "title" string' });
  });

  it('reads standard input as JSON Lines when it starts with an object, else as titles with line ids', async () => {
    const jsonl = Readable.from(['{"id":"a","title":"x"}\n\n{"id":"b","title":"y"}\n']);
    expect(await all(readProducts({ stdin: jsonl }, undefined, 'line'))).toEqual([
      { kind: 'product', id: 'a', title: 'x' },
      { kind: 'product', id: 'b', title: 'y' },
    ]);
    const text = Readable.from(['apple iphone\n', '\nsamsung tv\n']);
    expect(await all(readProducts({ stdin: text }, undefined, 'batch7'))).toEqual([
      { kind: 'product', id: 'batch7-1', title: 'apple iphone' },
      { kind: 'product', id: 'batch7-3', title: 'samsung tv' },
    ]);
  });
});
