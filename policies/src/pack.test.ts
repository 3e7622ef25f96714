import { costPolicies, policies, reliabilityPolicies, securityPolicies } from './pack';

describe('the policy pack', () => {
  it('gives every policy a unique, verb-first kebab-case name', () => {
    const names = policies.map((policy) => policy.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^(require|forbid|limit|restrict)(-[a-z0-9]+)+$/);
  });

  it('makes security policies mandatory and the others advisory unless a stack raises them', () => {
    expect(securityPolicies.map((policy) => policy.enforcementLevel)).toEqual(securityPolicies.map(() => 'mandatory'));
    for (const policy of [...costPolicies, ...reliabilityPolicies]) expect(policy.enforcementLevel).toBe('advisory');
  });

  it('keeps enforcementLevel out of every config schema (the engine reserves it)', () => {
    for (const policy of policies)
      expect(Object.keys(policy.configSchema?.properties ?? {})).not.toContain('enforcementLevel');
  });

  it('describes every policy', () => {
    for (const policy of policies) expect(policy.description.length).toBeGreaterThan(20);
  });
});
