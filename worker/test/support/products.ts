import { readFileSync } from 'node:fs';
import { parseCsv } from '@category-match/model-server/reference-model';
import { productsCsv } from './paths';

export interface LabelledProduct {
  id: string;
  title: string;
  category: string;
}

/** PriceRunner products with their category labels: every `stride`-th row, so all categories appear. */
export function loadProducts(limit: number, stride = 3): LabelledProduct[] {
  const [header, ...rows] = parseCsv(readFileSync(productsCsv, 'utf8'));
  if (header === undefined) throw new Error(`${productsCsv} is empty`);
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${productsCsv} has no column ${name}`);
    return index;
  };
  const [id, title, category] = [column('product_id'), column('product_title'), column('category_label')];
  const products: LabelledProduct[] = [];
  for (let row = 0; row < rows.length && products.length < limit; row += stride) {
    const fields = rows[row];
    const product = {
      id: `sku-${fields?.[id] ?? ''}`,
      title: fields?.[title]?.trim() ?? '',
      category: fields?.[category] ?? '',
    };
    if (product.title !== '' && product.category !== '') products.push(product);
  }
  if (products.length < limit) throw new Error(`${productsCsv} has only ${products.length} usable rows`);
  return products;
}
