import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseCsv } from '@category-match/model-server/reference-model';

/** Messages per second from `startSecond` until the next point; the last point ends the profile. */
export interface TrafficPoint {
  readonly startSecond: number;
  readonly messagesPerSecond: number;
}

export interface TrafficProfile {
  readonly points: readonly TrafficPoint[];
  readonly durationSeconds: number;
}

export class TrafficProfileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'TrafficProfileError';
  }
}

/** Seconds from the profile's start: a number of seconds, or a clock time HH:MM or HH:MM:SS (up to 24:00). */
export function parseTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (clock === null) return undefined;
  const [hours, minutes, seconds] = [clock[1], clock[2], clock[3] ?? '0'].map(Number) as [number, number, number];
  if (minutes > 59 || seconds > 59) return undefined;
  return hours * 3600 + minutes * 60 + seconds;
}

const jsonPoint = z.strictObject({
  time: z.union([z.string(), z.number()]),
  messagesPerSecond: z.number(),
});

/** Rows as written: where each came from (for messages), its time text and its rate. */
interface RawRow {
  readonly where: string;
  readonly time: string;
  readonly rate: string | number;
}

function csvRows(text: string): RawRow[] {
  // Lines starting with # explain the profile; line numbers stay those of the file.
  const lines = text.split(/\r?\n/).map((line, index) => ({ line: index + 1, text: line }));
  const data = lines.filter(({ text: line }) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const [header, ...rows] = data;
  if (header?.text.replace(/\s/g, '') !== 'time,messages_per_second') {
    throw new Error('expected the header "time,messages_per_second"');
  }
  return rows.map(({ line, text: row }) => {
    const fields = parseCsv(row)[0] ?? [];
    if (fields.length !== 2) throw new Error(`line ${line}: expected two fields, time and messages per second`);
    return { where: `line ${line}`, time: fields[0] ?? '', rate: fields[1] ?? '' };
  });
}

function jsonRows(text: string): RawRow[] {
  const parsed = z.array(jsonPoint).safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `expected [{"time": "HH:MM" or seconds, "messagesPerSecond": n}, …]: ${issue?.path.join('.')} ${issue?.message}`,
    );
  }
  return parsed.data.map((point, index) => ({
    where: `point ${index}`,
    time: String(point.time),
    rate: point.messagesPerSecond,
  }));
}

/** Parses a profile's text (CSV `time,messages_per_second` or a JSON array), naming the first wrong row. */
export function parseTrafficProfile(text: string, format: 'csv' | 'json', file = 'traffic profile'): TrafficProfile {
  let rows: RawRow[];
  try {
    rows = format === 'json' ? jsonRows(text) : csvRows(text);
  } catch (error) {
    throw new TrafficProfileError(file, error instanceof Error ? error.message : String(error));
  }
  const points: TrafficPoint[] = [];
  for (const row of rows) {
    const startSecond = parseTime(row.time);
    const rate = typeof row.rate === 'number' ? row.rate : row.rate.trim() === '' ? Number.NaN : Number(row.rate);
    if (startSecond === undefined) {
      throw new TrafficProfileError(
        file,
        `${row.where}: time ${JSON.stringify(row.time)} is not seconds or HH:MM[:SS]`,
      );
    }
    if (!Number.isFinite(rate) || rate < 0) {
      throw new TrafficProfileError(
        file,
        `${row.where}: messages per second ${JSON.stringify(row.rate)} is not a number ≥ 0`,
      );
    }
    const previous = points.at(-1);
    if (previous !== undefined && startSecond <= previous.startSecond) {
      throw new TrafficProfileError(file, `${row.where}: time ${row.time} does not come after the row before`);
    }
    points.push({ startSecond, messagesPerSecond: rate });
  }
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined || points.length < 2) {
    throw new TrafficProfileError(file, 'needs at least two rows: a rate and the time the profile ends');
  }
  if (first.startSecond !== 0)
    throw new TrafficProfileError(file, `the first row must be at time 0, not ${first.startSecond} s`);
  return { points: points.slice(0, -1), durationSeconds: Math.ceil(last.startSecond) };
}

export function readTrafficProfile(file: string): TrafficProfile {
  const format = path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrafficProfileError(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseTrafficProfile(text, format, file);
}

/** The rate in each second of the profile. */
export function ratePerSecond(profile: TrafficProfile): number[] {
  const rates = new Array<number>(profile.durationSeconds).fill(0);
  profile.points.forEach((point, index) => {
    const end = profile.points[index + 1]?.startSecond ?? profile.durationSeconds;
    for (let second = Math.ceil(point.startSecond); second < Math.min(end, profile.durationSeconds); second++) {
      rates[second] = point.messagesPerSecond;
    }
  });
  return rates;
}

/**
 * Whole messages per second: a rate of 0.2 sends one message every fifth second, as real sparse traffic does (a
 * fluid 0.2 a second would keep a replica busy forever).
 */
export function arrivalsPerSecond(profile: TrafficProfile): number[] {
  let total = 0;
  let sent = 0;
  return ratePerSecond(profile).map((rate) => {
    total += rate;
    const due = Math.floor(total + 1e-9) - sent;
    sent += due;
    return due;
  });
}
