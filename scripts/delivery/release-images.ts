import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { writeManifests } from '../../stacks/render';
import { parseRelease, releaseFile, workflowImageTag } from '../../stacks/release';

/**
 * A release file's text with both images at `tag`, everything else (comments included) as it was;
 * refuses a tag the images workflow cannot have pushed.
 */
export function withImageTag(text: string, tag: string, file: string): string {
  if (!workflowImageTag.test(tag)) {
    throw new Error(`--tag ${JSON.stringify(tag)} is not a tag the images workflow pushes (a 40-character commit SHA)`);
  }
  const document = parseDocument(text);
  document.setIn(['images', 'modelServer'], tag);
  document.setIn(['images', 'worker'], tag);
  const updated = document.toString();
  parseRelease(updated, file); // the result must still be a valid release
  return updated;
}

/**
 * Points each stack's release at the images of one commit and renders its manifests again, so
 * the change is one reviewable commit: git stays the deployment history. Returns the files written.
 */
export function releaseImages(root: string, stacks: readonly string[], tag: string): string[] {
  return stacks.flatMap((stack) => {
    const file = releaseFile(stack, root);
    fs.writeFileSync(file, withImageTag(fs.readFileSync(file, 'utf8'), tag, file));
    return [
      path.relative(root, file),
      ...writeManifests(stack, root).map((manifest) => `stacks/${stack}/manifests/${manifest}`),
    ];
  });
}
