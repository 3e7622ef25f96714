import { coldStartChain, defaultColdStart, startDelays } from './cold-start';

describe('the cold-start chain', () => {
  it('gives every default stage a source', () => {
    for (const stage of defaultColdStart) expect(stage.source.length).toBeGreaterThan(20);
  });

  it('splits into a new node (VM, driver, image pull) and a pod on a node that has the image (model, probe)', () => {
    const chain = coldStartChain('node=100,driver=20,image=30,model=4,probe=1');
    expect(startDelays(chain)).toEqual({ nodeStartSeconds: 150, podStartSeconds: 5 });
    expect(chain.every((stage) => stage.source === 'given')).toBe(true);
  });

  it('keeps the defaults of the stages not given', () => {
    const chain = coldStartChain('image=20');
    expect(chain.find((stage) => stage.key === 'image')).toMatchObject({ seconds: 20, source: 'given' });
    expect(chain.find((stage) => stage.key === 'node')).toEqual(defaultColdStart[0]);
  });

  it('names a wrong stage or value', () => {
    expect(() => coldStartChain('gpu=10')).toThrow(
      '--cold-start: unknown stage "gpu"; stages: node, driver, image, model, probe',
    );
    expect(() => coldStartChain('node=fast')).toThrow('--cold-start: "node=fast" is not <stage>=<seconds>');
  });
});
