import * as gcp from '@pulumi/gcp';
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { z } from 'zod';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';

const name = 'limit-disk-size';
const config = policyConfig({
  maxDiskSizeGb: z.number().int().positive().default(200).describe('largest disk, in GB, any disk or node may have'),
});

function checkSize(
  kind: string,
  field: string,
  sizeGb: number | undefined,
  args: ResourceValidationArgs,
  report: ReportViolation,
): void {
  const { maxDiskSizeGb } = readPolicyConfig(name, config, args);
  if (sizeGb !== undefined && sizeGb > maxDiskSizeGb) {
    report(
      violation(
        kind,
        args.name,
        `asks for a ${sizeGb} GB disk, above the ${maxDiskSizeGb} GB cap`,
        `lower ${field} to at most ${maxDiskSizeGb}, or raise maxDiskSizeGb in this stack's policy config`,
      ),
    );
  }
}

export const limitDiskSize: ResourceValidationPolicy = {
  name,
  description: 'Persistent disks and node boot disks stay within a configured size cap.',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateResource: [
    validateResourceOfType(gcp.compute.Disk, (disk, args, report) =>
      checkSize('Disk', 'size', disk.size, args, report),
    ),
    validateResourceOfType(gcp.container.NodePool, (pool, args, report) =>
      checkSize('Node pool', 'nodeConfig.diskSizeGb', pool.nodeConfig?.diskSizeGb, args, report),
    ),
    validateResourceOfType(gcp.container.Cluster, (cluster, args, report) =>
      checkSize('Cluster', 'nodeConfig.diskSizeGb', cluster.nodeConfig?.diskSizeGb, args, report),
    ),
  ],
};
