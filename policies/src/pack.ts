import type { Policies } from '@pulumi/policy';
import { limitDiskSize } from './policies/cost/limit-disk-size';
import { requireCostLabels } from './policies/cost/require-cost-labels';
import { requireGpuPoolScaleFromZero } from './policies/cost/require-gpu-pool-scale-from-zero';
import { requireGpuPoolTaint } from './policies/cost/require-gpu-pool-taint';
import { requirePredictorScaleToZeroInDev } from './policies/cost/require-predictor-scale-to-zero-in-dev';
import { requireSpotVmsInDev } from './policies/cost/require-spot-vms-in-dev';
import { restrictGpuRequestsToPredictors } from './policies/cost/restrict-gpu-requests-to-predictors';
import { requirePartitionsCoverWorkers } from './policies/reliability/require-partitions-cover-workers';
import { requirePinnedChartVersions } from './policies/reliability/require-pinned-chart-versions';
import { requirePredictorReadinessProbe } from './policies/reliability/require-predictor-readiness-probe';
import { requirePredictorTimeout } from './policies/reliability/require-predictor-timeout';
import { requireTopicReplicationInOps } from './policies/reliability/require-topic-replication-in-ops';
import { requireWorkerDisruptionBudgetInOps } from './policies/reliability/require-worker-disruption-budget-in-ops';
import { forbidBasicAuth } from './policies/security/forbid-basic-auth';
import { forbidLegacyAbac } from './policies/security/forbid-legacy-abac';
import { forbidPlaintextSecrets } from './policies/security/forbid-plaintext-secrets';
import { requireContainerResourceLimits } from './policies/security/require-container-resource-limits';
import { requireDeletionProtectionInOps } from './policies/security/require-deletion-protection-in-ops';
import { requireMasterAuthorizedNetworksInOps } from './policies/security/require-master-authorized-networks-in-ops';
import { requireNonRootContainers } from './policies/security/require-non-root-containers';
import { requirePrivateNodes } from './policies/security/require-private-nodes';
import { requireSecureKafkaListeners } from './policies/security/require-secure-kafka-listeners';
import { requireShieldedNodes } from './policies/security/require-shielded-nodes';
import { requireStrictMtls } from './policies/security/require-strict-mtls';
import { requireWorkloadIdentity } from './policies/security/require-workload-identity';

export const packName = 'category-match';

export const costPolicies: Policies = [
  requireGpuPoolScaleFromZero,
  requireGpuPoolTaint,
  requireSpotVmsInDev,
  limitDiskSize,
  restrictGpuRequestsToPredictors,
  requirePredictorScaleToZeroInDev,
  requireCostLabels,
];

export const securityPolicies: Policies = [
  requireWorkloadIdentity,
  forbidLegacyAbac,
  forbidBasicAuth,
  requirePrivateNodes,
  requireShieldedNodes,
  requireMasterAuthorizedNetworksInOps,
  requireDeletionProtectionInOps,
  requireSecureKafkaListeners,
  forbidPlaintextSecrets,
  requireStrictMtls,
  requireNonRootContainers,
  requireContainerResourceLimits,
];

export const reliabilityPolicies: Policies = [
  requirePinnedChartVersions,
  requirePartitionsCoverWorkers,
  requireTopicReplicationInOps,
  requireWorkerDisruptionBudgetInOps,
  requirePredictorTimeout,
  requirePredictorReadinessProbe,
];

/** Every policy of the pack. Levels: security mandatory, cost and reliability advisory, unless the stack's policy config says otherwise. */
export const policies: Policies = [...costPolicies, ...securityPolicies, ...reliabilityPolicies];
