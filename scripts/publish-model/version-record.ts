import { modelVersionRecord, versionCompleteMarker } from '../../stacks/release-check/model-version-record';
import { formatChecksums, type Digests } from './checksums';
import type { CommandRunner } from './command';

export interface VersionRecordArgs {
  readonly namespace: string;
  readonly storageUri: string;
  readonly modelName: string;
  readonly version: string;
  readonly digests: Digests;
}

/**
 * Records a committed version of a model disk beside its claim (a ConfigMap), where `pulumi
 * preview` looks before it rolls the app out to that version: the disk itself is only readable
 * from a pod.
 */
export async function recordModelVersion(
  runner: CommandRunner,
  args: VersionRecordArgs,
  publishedAt: Date = new Date(),
): Promise<void> {
  const modelFiles = new Map([...args.digests].filter(([file]) => file !== versionCompleteMarker));
  const record = modelVersionRecord({ ...args, checksums: formatChecksums(modelFiles), publishedAt });
  await runner.run('kubectl', ['apply', '-f', '-'], { input: JSON.stringify(record) });
}
