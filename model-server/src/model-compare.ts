import { classifyTitles, loadLocalModel, type TitleAnswer } from './local-model';
import type { LoadedModel } from './model-repository';
import { reliability } from './reference-model/calibration';

/** A title to classify, with its true category when known. */
export interface ComparisonItem {
  readonly title: string;
  readonly category?: string;
}

/** How one model did on the items. */
export interface ModelFigures {
  readonly dir: string;
  readonly version: string;
  /** Share of labelled items it got right; undefined without labels. */
  readonly accuracy: number | undefined;
  /** Expected calibration error (10 bins) on the labelled items; undefined without labels. */
  readonly ece: number | undefined;
  readonly meanScore: number;
  /** Wall-clock time per item, batches of `batchSize`, one inference thread, after a warm-up batch. */
  readonly microsecondsPerItem: number;
}

export interface Disagreement {
  readonly title: string;
  readonly category: string | undefined;
  readonly candidate: { readonly label: string; readonly score: number };
  readonly baseline: { readonly label: string; readonly score: number };
}

export interface Comparison {
  readonly items: number;
  readonly labelled: number;
  /** Share of items both models give the same label. */
  readonly agreement: number;
  readonly candidate: ModelFigures;
  readonly baseline: ModelFigures;
  /** Where they disagree, most confident disagreements first. */
  readonly disagreements: Disagreement[];
}

interface Answers {
  readonly figures: ModelFigures;
  readonly answers: TitleAnswer[];
}

const round4 = (value: number) => Number(value.toFixed(4));

async function answer(model: LoadedModel, items: readonly ComparisonItem[], batchSize: number): Promise<Answers> {
  const run = (titles: string[]) => classifyTitles(model, titles);
  await run(items.slice(0, batchSize).map((item) => item.title));
  const started = performance.now();
  const answers: TitleAnswer[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    answers.push(...(await run(items.slice(start, start + batchSize).map((item) => item.title))));
  }
  const microsecondsPerItem = ((performance.now() - started) * 1000) / Math.max(1, items.length);
  const labelled = items.flatMap((item, index) => {
    const got = answers[index];
    return item.category === undefined || got === undefined
      ? []
      : [{ confidence: got.score, correct: got.label === item.category }];
  });
  return {
    answers,
    figures: {
      dir: model.dir,
      version: model.version,
      accuracy:
        labelled.length === 0 ? undefined : round4(labelled.filter((entry) => entry.correct).length / labelled.length),
      ece: labelled.length === 0 ? undefined : reliability(labelled).ece,
      meanScore: round4(answers.reduce((sum, entry) => sum + entry.score, 0) / Math.max(1, answers.length)),
      microsecondsPerItem: Math.round(microsecondsPerItem),
    },
  };
}

/**
 * Runs the candidate and the baseline model directories (loaded as the server loads them) on the same items and
 * compares them: agreement, accuracy and calibration where the true category is known, latency per item, and the
 * items where they disagree most.
 */
export async function compareModels(
  candidateDir: string,
  baselineDir: string,
  items: readonly ComparisonItem[],
  { batchSize = 64, disagreements = 10 } = {},
): Promise<Comparison> {
  if (items.length === 0) throw new Error('nothing to compare on: the input has no titles');
  const load = (dir: string) => loadLocalModel(dir, 'compare');
  const candidateModel = await load(candidateDir);
  try {
    const baselineModel = await load(baselineDir);
    try {
      // One after the other, so neither's latency is measured while the other runs.
      const candidate = await answer(candidateModel, items, batchSize);
      const baseline = await answer(baselineModel, items, batchSize);
      const differing = items.flatMap((item, index): Disagreement[] => {
        const a = candidate.answers[index];
        const b = baseline.answers[index];
        if (a === undefined || b === undefined || a.label === b.label) return [];
        return [{ title: item.title, category: item.category, candidate: a, baseline: b }];
      });
      differing.sort(
        (x, y) => Math.max(y.candidate.score, y.baseline.score) - Math.max(x.candidate.score, x.baseline.score),
      );
      return {
        items: items.length,
        labelled: items.filter((item) => item.category !== undefined).length,
        agreement: round4(1 - differing.length / items.length),
        candidate: candidate.figures,
        baseline: baseline.figures,
        disagreements: differing.slice(0, disagreements),
      };
    } finally {
      await baselineModel.onnx?.close();
    }
  } finally {
    await candidateModel.onnx?.close();
  }
}
