import { PolicyPack } from '@pulumi/policy';
import { packName, policies } from './pack';

// The entry point Pulumi runs for `pulumi preview --policy-pack policies`; constructing the pack starts its server.
new PolicyPack(packName, {
  description: 'Cost, security and reliability guards for the category-match platform.',
  enforcementLevel: 'advisory',
  policies,
});
