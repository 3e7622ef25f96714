import * as gcp from '@pulumi/gcp';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { violation } from '../../core/messages';
import { isGpuPool } from '../../gcp/node-pools';

export const gpuTaintKey = 'nvidia.com/gpu';

export const requireGpuPoolTaint: ResourceValidationPolicy = {
  name: 'require-gpu-pool-taint',
  description:
    'GPU node pools carry the nvidia.com/gpu NoSchedule taint, so CPU pods never land on a GPU node and keep it from scaling to zero.',
  enforcementLevel: 'advisory',
  validateResource: validateResourceOfType(gcp.container.NodePool, (pool, args, report) => {
    if (!isGpuPool(pool)) return;
    const taints = pool.nodeConfig?.taints ?? [];
    const tainted = taints.some((taint) => taint.key === gpuTaintKey && taint.effect === 'NO_SCHEDULE');
    if (!tainted) {
      report(
        violation(
          'GPU node pool',
          args.name,
          `lacks the ${gpuTaintKey} NoSchedule taint, so any pod may schedule onto (and pin) a GPU node`,
          `add nodeConfig.taints: [{ key: "${gpuTaintKey}", value: "present", effect: "NO_SCHEDULE" }]`,
        ),
      );
    }
  }),
};
