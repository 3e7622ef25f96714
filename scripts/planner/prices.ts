import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const price = z.number().positive();
const priceTable = z.strictObject({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.string(),
  sources: z.record(z.string(), z.strictObject({ url: z.url(), note: z.string() })),
  machines: z.array(
    z.strictObject({
      region: z.string(),
      machineType: z.string(),
      includes: z.string().optional(),
      onDemand: price,
      spot: price,
      source: z.string(),
    }),
  ),
  accelerators: z.array(
    z.strictObject({ region: z.string(), accelerator: z.string(), onDemand: price, spot: price, source: z.string() }),
  ),
});

export type PriceTable = z.infer<typeof priceTable>;

/** The table shipped with the planner (`data/gpu-prices.yaml`). */
export const defaultPriceFile = path.join(__dirname, 'data', 'gpu-prices.yaml');

export function readPriceTable(file: string = defaultPriceFile): PriceTable {
  const parsed = priceTable.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const unknown = [...parsed.data.machines, ...parsed.data.accelerators].filter(
    (row) => !(row.source in parsed.data.sources),
  );
  if (unknown.length > 0) throw new Error(`${file}: source "${unknown[0]?.source}" is not under sources`);
  return parsed.data;
}

/** What one GPU node costs an hour, and where each part of the price comes from. */
export interface NodePrice {
  readonly onDemandPerHour: number;
  readonly spotPerHour: number;
  readonly currency: string;
  readonly asOf: string;
  /** URLs of the prices used. */
  readonly sources: readonly string[];
}

/** The hourly price of a node of `machineType` with `count` × `accelerator` in `region`, or an error naming what is missing. */
export function nodePrice(
  table: PriceTable,
  node: { readonly region: string; readonly machineType: string; readonly accelerator: string; readonly count: number },
  file = defaultPriceFile,
): NodePrice {
  const missing = (what: string) =>
    new Error(`${file} has no price for ${what} in ${node.region}; add it (with its source) to plan this stack`);
  const machine = table.machines.find((row) => row.region === node.region && row.machineType === node.machineType);
  if (machine === undefined) throw missing(`machine type ${node.machineType}`);
  const included = machine.includes === node.accelerator ? 1 : 0;
  const extra = node.count - included;
  const gpu =
    extra === 0
      ? undefined
      : table.accelerators.find((row) => row.region === node.region && row.accelerator === node.accelerator);
  if (extra > 0 && gpu === undefined) throw missing(`the GPU ${node.accelerator}`);
  const sourceOf = (key: string) => table.sources[key]?.url ?? key;
  return {
    onDemandPerHour: machine.onDemand + extra * (gpu?.onDemand ?? 0),
    spotPerHour: machine.spot + extra * (gpu?.spot ?? 0),
    currency: table.currency,
    asOf: table.asOf,
    sources: [...new Set([sourceOf(machine.source), ...(gpu === undefined ? [] : [sourceOf(gpu.source)])])],
  };
}
