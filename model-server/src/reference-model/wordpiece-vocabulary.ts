/**
 * Learns a WordPiece vocabulary the way Hugging Face's WordPiece trainer does (it is a BPE trainer:
 * start from characters, `##` marking a piece inside a word, and repeatedly merge the most frequent
 * adjacent pair), but breaks ties between equally frequent pairs by spelling. The trainer in the
 * `tokenizers` binding breaks them in hash-map order, which changes from run to run, so the same
 * titles would give a different vocabulary each time.
 */

const PREFIX = '##';

interface Word {
  symbols: string[];
  count: number;
}

type HeapEntry = [count: number, pair: string];

/** Higher count first, then the pair that sorts first: a total order, so merges are reproducible. */
function before(a: HeapEntry, b: HeapEntry): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] < b[1];
}

class MaxHeap {
  private readonly items: HeapEntry[] = [];

  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const up = items[parent] as HeapEntry;
      if (!before(entry, up)) break;
      items[i] = up;
      i = parent;
    }
    items[i] = entry;
  }

  pop(): HeapEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right] as HeapEntry, items[left] as HeapEntry) ? right : left;
      if (!before(items[child] as HeapEntry, last)) break;
      items[i] = items[child] as HeapEntry;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

const SEPARATOR = ' ';

function splitWord(word: string): string[] {
  return [...word].map((char, index) => (index === 0 ? char : `${PREFIX}${char}`));
}

function mergedPiece(left: string, right: string): string {
  return left + right.slice(PREFIX.length);
}

/**
 * @param wordCounts pre-tokenized words (already normalised) and how often each occurs
 * @param vocabSize the most pieces to return, alphabet included
 * @param minFrequency pairs seen fewer times than this are never merged
 * @returns the alphabet (sorted), then merged pieces in the order they were learned
 */
export function learnWordPieceVocabulary(
  wordCounts: Map<string, number>,
  vocabSize: number,
  minFrequency = 2,
): string[] {
  const words: Word[] = [...wordCounts.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([word, count]) => ({ symbols: splitWord(word), count }));
  const alphabet = [...new Set(words.flatMap((word) => word.symbols))].sort();
  const vocabulary = [...alphabet];
  const known = new Set(vocabulary);

  const pairCounts = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const heap = new MaxHeap();
  const addPairs = (index: number, sign: 1 | -1, touched: Set<string>): void => {
    const word = words[index];
    if (word === undefined) return;
    for (let i = 0; i + 1 < word.symbols.length; i++) {
      const pair = `${word.symbols[i] ?? ''}${SEPARATOR}${word.symbols[i + 1] ?? ''}`;
      pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + sign * word.count);
      if (sign === 1) {
        let holders = pairWords.get(pair);
        if (holders === undefined) pairWords.set(pair, (holders = new Set()));
        holders.add(index);
      }
      touched.add(pair);
    }
  };
  const initial = new Set<string>();
  words.forEach((_, index) => addPairs(index, 1, initial));
  for (const pair of initial) heap.push([pairCounts.get(pair) ?? 0, pair]);

  while (vocabulary.length < vocabSize) {
    const entry = heap.pop();
    if (entry === undefined) break;
    const [count, pair] = entry;
    // Entries go stale when counts change; only the current count is real.
    if (pairCounts.get(pair) !== count) continue;
    if (count < minFrequency) break;
    const [left = '', right = ''] = pair.split(SEPARATOR);
    const piece = mergedPiece(left, right);
    if (!known.has(piece)) {
      known.add(piece);
      vocabulary.push(piece);
    }
    const touched = new Set<string>();
    for (const index of pairWords.get(pair) ?? []) {
      const word = words[index];
      if (word === undefined) continue;
      addPairs(index, -1, touched);
      const merged: string[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (word.symbols[i] === left && word.symbols[i + 1] === right) {
          merged.push(piece);
          i++;
        } else {
          merged.push(word.symbols[i] ?? '');
        }
      }
      word.symbols = merged;
      addPairs(index, 1, touched);
    }
    pairWords.delete(pair);
    pairCounts.delete(pair);
    touched.delete(pair);
    for (const changed of touched) {
      const current = pairCounts.get(changed) ?? 0;
      if (current > 0) heap.push([current, changed]);
    }
  }
  return vocabulary;
}
