import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { classifyTitles, loadLocalModel } from './local-model';
import { MODEL_FILES, type LoadedModel } from './model-repository';

/** Titles a check classifies when none are given: one per kind of product the reference data knows. */
export const SAMPLE_TITLES = [
  'apple iphone 8 plus 64gb silver',
  'bosch serie 4 smv46kx01e dishwasher',
  'samsung ue55nu7100 55 inch 4k tv',
];

export interface ModelCheck {
  readonly ok: boolean;
  /** What a person reads: the directory, its signature, the sample's answers, or what is wrong in plain words. */
  readonly lines: string[];
}

const kib = (file: string) => `${Math.round(statSync(file).size / 1024)} KiB`;

/**
 * Loads a model version directory exactly as the server does (role all: tokenizer, labels and the ONNX session)
 * and classifies `titles`; any problem the server would stop at is reported instead of thrown.
 */
export async function checkModelDirectory(dir: string, titles: readonly string[] = SAMPLE_TITLES): Promise<ModelCheck> {
  const lines = [`model directory ${dir}`];
  const present = Object.values(MODEL_FILES).filter((file) => existsSync(path.join(dir, file)));
  lines.push(
    `  files: ${present.map((file) => (file === MODEL_FILES.onnx ? `${file} (${kib(path.join(dir, file))})` : file)).join(', ') || 'none of ' + Object.values(MODEL_FILES).join(', ')}`,
  );
  let model: LoadedModel;
  try {
    model = await loadLocalModel(dir, 'check');
  } catch (error) {
    lines.push(`PROBLEM: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, lines };
  }
  try {
    lines.push(
      `  inputs: ${model.inputNames.join(', ')} (int64 [batch, sequence])`,
      `  output: ${model.output} [batch, ${model.classes ?? '?'}]`,
      `  labels (${model.labels?.length ?? 0}): ${(model.labels ?? []).join(', ')}`,
      `  max sequence length: ${model.maxSequenceLength}`,
      '  sample:',
    );
    const answers = await classifyTitles(model, titles);
    answers.forEach(({ label, score, tokens }, index) =>
      lines.push(`    ${titles[index] ?? ''} -> ${label} ${score.toFixed(3)} (${tokens} tokens)`),
    );
    lines.push('OK: the model server can serve this directory (roles all, predictor and transformer).');
    return { ok: true, lines };
  } catch (error) {
    lines.push(`PROBLEM: running the sample failed: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, lines };
  } finally {
    await model.onnx?.close();
  }
}
