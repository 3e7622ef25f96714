import type { AppValues } from '../../infra/app/app-values';

/** What must exist before the app may roll out a release. */
export interface ReleaseRequirements {
  /** Every image reference the app's containers run, once each. */
  readonly images: readonly string[];
  readonly model: { readonly name: string; readonly version: string; readonly storageUri: string };
}

/** Every `image` of every container in the objects: the references the cluster will pull. */
export function imagesOf(objects: readonly unknown[]): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'image' && typeof value === 'string') found.add(value);
        else visit(value);
      }
    }
  };
  visit(objects);
  return [...found].sort();
}

/** The images the app objects pull and the model version the InferenceService reads. */
export function releaseRequirements(values: AppValues, objects: readonly unknown[]): ReleaseRequirements {
  return {
    images: imagesOf(objects),
    model: { name: values.model.name, version: values.model.version, storageUri: values.model.storageUri },
  };
}
