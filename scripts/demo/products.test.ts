import { readFile } from 'node:fs/promises';
import { productsCsvPath, productsFromCsv, streamOrder } from './products';

const header = 'product_id,product_title,merchant_id,cluster_id,cluster_label,category_id,category_label';

describe('products CSV', () => {
  it('reads id, title and category, keeping commas and doubled quotes inside quoted fields', () => {
    const csv = `${header}\n7,"loewe connect 55"" uhd, black",1,2,"Loewe 55"" DR+",2614,TVs\n8,bosch dishwasher,3,4,x,5,Dishwashers\n`;
    expect(productsFromCsv(csv, 'test.csv')).toEqual([
      { id: '7', title: 'loewe connect 55" uhd, black', category: 'TVs', clusterId: '2' },
      { id: '8', title: 'bosch dishwasher', category: 'Dishwashers', clusterId: '4' },
    ]);
  });

  it('names the missing column', () => {
    expect(() => productsFromCsv('product_id,title\n1,x\n', 'bad.csv')).toThrow(
      /bad\.csv has no column "product_title"/,
    );
  });

  it('names the line of a row without a title', () => {
    expect(() => productsFromCsv(`${header}\n1,,1,1,x,1,TVs\n`, 'gap.csv')).toThrow(
      /gap\.csv line 2: .*must not be empty/,
    );
  });

  it('reads every offer of the shared PriceRunner file, quoted titles included', async () => {
    const products = productsFromCsv(await readFile(productsCsvPath, 'utf8'), productsCsvPath);
    expect(products).toHaveLength(31_857);
    expect(new Set(products.map((product) => product.category)).size).toBe(10);
    expect(new Set(products.map((product) => product.id)).size).toBe(products.length);
  });
});

describe('stream order', () => {
  const products = Array.from({ length: 50 }, (_, i) => ({
    id: String(i),
    title: `t${i}`,
    category: 'c',
    clusterId: String(i % 10),
  }));

  it('is the same for the same seed and keeps every product once', () => {
    const first = streamOrder(products, 7);
    expect(streamOrder(products, 7)).toEqual(first);
    expect([...first].sort((a, b) => Number(a.id) - Number(b.id))).toEqual(products);
    expect(first).not.toEqual(products);
  });

  it('sends the products of the given clusters first', () => {
    const order = streamOrder(products, 7, new Set(['3', '4']));
    expect(order.slice(0, 10).every((product) => ['3', '4'].includes(product.clusterId))).toBe(true);
    expect(order.slice(10).some((product) => ['3', '4'].includes(product.clusterId))).toBe(false);
    expect(order).toHaveLength(50);
  });
});
