import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import type { Comparison } from '@category-match/model-server/compare';

/** What a candidate must show against the running version before `model promote` edits release.yaml. */
export interface PromotionThresholds {
  /** On labelled titles: the candidate's accuracy may be at most this much below the baseline's. */
  readonly maxAccuracyDrop: number;
  /** Without labels: the share of titles both versions must label the same. */
  readonly minAgreement: number;
  /** The candidate's time per title ÷ the baseline's. */
  readonly maxLatencyRatio: number;
  /** The candidate's expected calibration error on labelled titles. */
  readonly maxCalibrationError: number;
}

const thresholdKeys = ['maxAccuracyDrop', 'minAgreement', 'maxLatencyRatio', 'maxCalibrationError'] as const;

/** `stacks/<stack>/promotion.yaml`, every key required, each a non-negative number. */
export function readThresholds(file: string): PromotionThresholds {
  const values = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  const problems = thresholdKeys.flatMap((key) => {
    const value = values[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? []
      : [`${key} must be a non-negative number`];
  });
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return Object.fromEntries(thresholdKeys.map((key) => [key, values[key] as number])) as unknown as PromotionThresholds;
}

/** Each threshold the comparison fails, in words; empty when the candidate may be promoted. */
export function promotionProblems(comparison: Comparison, thresholds: PromotionThresholds): string[] {
  const problems: string[] = [];
  const { candidate, baseline } = comparison;
  if (candidate.accuracy !== undefined && baseline.accuracy !== undefined) {
    const drop = baseline.accuracy - candidate.accuracy;
    if (drop > thresholds.maxAccuracyDrop) {
      problems.push(
        `accuracy ${candidate.accuracy} is ${drop.toFixed(4)} below the baseline's ${baseline.accuracy} (maxAccuracyDrop ${thresholds.maxAccuracyDrop})`,
      );
    }
  } else if (comparison.agreement < thresholds.minAgreement) {
    problems.push(
      `agreement ${comparison.agreement} is below minAgreement ${thresholds.minAgreement} (no labels to judge accuracy)`,
    );
  }
  const ratio = candidate.microsecondsPerItem / Math.max(1, baseline.microsecondsPerItem);
  if (ratio > thresholds.maxLatencyRatio) {
    problems.push(
      `${candidate.microsecondsPerItem} µs per title is ${ratio.toFixed(2)}× the baseline's ${baseline.microsecondsPerItem} µs (maxLatencyRatio ${thresholds.maxLatencyRatio})`,
    );
  }
  if (candidate.ece !== undefined && candidate.ece > thresholds.maxCalibrationError) {
    problems.push(`calibration error ${candidate.ece} is above maxCalibrationError ${thresholds.maxCalibrationError}`);
  }
  return problems;
}

/** The model version and canary share a release.yaml names. */
export function releasedModel(file: string): { version: string; canaryTrafficPercent: number } {
  const release = parse(readFileSync(file, 'utf8')) as {
    model?: { version?: unknown };
    canaryTrafficPercent?: unknown;
  };
  const version = release.model?.version;
  if (typeof version !== 'string') throw new Error(`${file} names no model.version`);
  return { version, canaryTrafficPercent: Number(release.canaryTrafficPercent ?? 100) };
}

/**
 * Sets the model version and canary share in release.yaml, keeping its comments and layout; returns the changed
 * lines as a diff (`-` before, `+` after).
 */
export function editRelease(file: string, version: string, canaryTrafficPercent: number): string {
  const before = readFileSync(file, 'utf8');
  const document = parseDocument(before);
  document.setIn(['model', 'version'], version);
  document.set('canaryTrafficPercent', canaryTrafficPercent);
  const after = document.toString();
  writeFileSync(file, after);
  const old = before.split('\n');
  const next = after.split('\n');
  const lines = [`--- ${path.basename(file)}`, `+++ ${path.basename(file)}`];
  for (let index = 0; index < Math.max(old.length, next.length); index++) {
    if (old[index] === next[index]) continue;
    if (old[index] !== undefined) lines.push(`-${old[index]}`);
    if (next[index] !== undefined) lines.push(`+${next[index]}`);
  }
  return lines.join('\n');
}

/** What to run after the edit: Pulumi delivers the app, or Argo CD syncs it from Git after review. */
export function nextStep(repo: string, stack: string): string {
  let delivery = 'pulumi';
  try {
    const config = parse(readFileSync(path.join(repo, `Pulumi.${stack}.yaml`), 'utf8')) as {
      config?: Record<string, unknown>;
    };
    delivery = String(config.config?.['category-match:delivery'] ?? 'pulumi');
  } catch {
    // No stack file: the default delivery.
  }
  const file = `stacks/${stack}/release.yaml`;
  return delivery === 'argocd'
    ? `next: commit ${file} and open a pull request; Argo CD syncs stacks/${stack}/manifests/ once it is merged (npm run render -- --stack ${stack} first)`
    : `next: git commit ${file}, then pulumi preview -s ${stack} and pulumi up -s ${stack}`;
}
