import { environmentOf, stackOfUrn } from './environment';

const urn = (stack: string) => `urn:pulumi:${stack}::category-match::gcp:container/cluster:Cluster::cluster`;

describe('environmentOf', () => {
  it('reads the stack name from a URN', () => {
    expect(stackOfUrn(urn('ops'))).toBe('ops');
    expect(stackOfUrn('not-a-urn')).toBeUndefined();
  });

  it('treats dev, dev-* and the local (existing-cluster) stack as dev', () => {
    expect(environmentOf(urn('dev'), undefined)).toBe('dev');
    expect(environmentOf(urn('dev-alice'), undefined)).toBe('dev');
    expect(environmentOf(urn('local'), undefined)).toBe('dev');
  });

  it('holds any other stack to the ops rules', () => {
    expect(environmentOf(urn('ops'), undefined)).toBe('ops');
    expect(environmentOf(urn('staging'), undefined)).toBe('ops');
    expect(environmentOf(urn('developer'), undefined)).toBe('ops');
    expect(environmentOf(urn('local-prod'), undefined)).toBe('ops');
  });

  it('lets the policy config override the stack name', () => {
    expect(environmentOf(urn('staging'), 'dev')).toBe('dev');
  });
});
