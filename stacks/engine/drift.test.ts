import { asStored, driftOf } from './drift';

describe('drift between a declared and a live object', () => {
  const declared = {
    metadata: { annotations: { 'serving.kserve.io/deploymentMode': 'Knative' } },
    spec: { containers: [{ name: 'c', resources: { limits: { memory: '1Gi' } } }] },
  };

  it('is none when the live object only adds fields the declaration leaves open', () => {
    const live = {
      metadata: { annotations: { 'serving.kserve.io/deploymentMode': 'Knative', other: 'x' }, uid: 'u' },
      spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { memory: '1Gi' } } }] },
      status: {},
    };
    expect(driftOf(declared, live)).toEqual([]);
  });

  it('names a declared value the live object holds differently (an annotation a webhook rewrote)', () => {
    const live = structuredClone(declared);
    live.metadata.annotations['serving.kserve.io/deploymentMode'] = 'Serverless';
    expect(driftOf(declared, live)).toEqual([
      '.metadata.annotations.serving.kserve.io/deploymentMode: "Knative" → "Serverless"',
    ]);
  });

  it('names a resource limit nobody declared (a webhook capping the CPU)', () => {
    const live = structuredClone(declared) as typeof declared & {
      spec: { containers: { resources: { limits: Record<string, string> } }[] };
    };
    const [container] = live.spec.containers;
    if (container !== undefined) container.resources.limits['cpu'] = '1';
    expect(driftOf(declared, live)).toEqual(['.spec.containers[0].resources.limits.cpu: (not declared) → "1"']);
  });

  it('names a list that lost or gained items', () => {
    expect(driftOf({ args: ['a'] }, { args: ['a', 'b'] })).toEqual(['.args: ["a"] → ["a","b"]']);
  });

  it("compares a Secret's write-only stringData as the data the server stores", () => {
    const secret = { kind: 'Secret', metadata: { name: 's' }, stringData: { token: 'abc' }, data: { other: 'eA==' } };
    expect(asStored(secret)).toEqual({
      kind: 'Secret',
      metadata: { name: 's' },
      data: { other: 'eA==', token: 'YWJj' },
    });
    expect(driftOf(asStored(secret), { ...asStored(secret), type: 'Opaque' })).toEqual([]);
  });
});
