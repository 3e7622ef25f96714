import { DestroyRefusedError, guardDestroy } from './destroy-guard';

describe('destroy guard', () => {
  it('destroys dev when no stack is named, as the schedule does', () => {
    expect(guardDestroy({})).toEqual(['dev']);
    expect(guardDestroy({ stacks: '  ' })).toEqual(['dev']);
  });

  it('allows dev without any confirmation', () => {
    expect(guardDestroy({ stacks: 'dev', confirmation: '' })).toEqual(['dev']);
  });

  it('refuses ops without a confirmation', () => {
    expect(() => guardDestroy({ stacks: 'ops' })).toThrow(DestroyRefusedError);
    expect(() => guardDestroy({ stacks: 'ops' })).toThrow(
      /refusing to destroy stack "ops".*confirmation input set to "ops"/,
    );
  });

  it('refuses ops when the confirmation is anything but the stack name', () => {
    for (const confirmation of ['yes', 'OPS', 'dev', 'ops-please', 'true']) {
      expect(() => guardDestroy({ stacks: 'ops', confirmation })).toThrow(DestroyRefusedError);
    }
  });

  it('refuses the whole run when ops is listed with dev but not confirmed', () => {
    expect(() => guardDestroy({ stacks: 'dev,ops' })).toThrow(/"ops"/);
  });

  it('allows ops when the confirmation equals the stack name', () => {
    expect(guardDestroy({ stacks: 'ops', confirmation: 'ops' })).toEqual(['ops']);
    expect(guardDestroy({ stacks: 'dev, ops', confirmation: ' ops ' })).toEqual(['dev', 'ops']);
  });

  it('names an unknown stack instead of destroying something else', () => {
    expect(() => guardDestroy({ stacks: 'dev,prod' })).toThrow('unknown stack "prod"; known stacks: dev, ops');
  });

  it('lists each stack once, in the order given', () => {
    expect(guardDestroy({ stacks: 'ops dev ops', confirmation: 'ops' })).toEqual(['ops', 'dev']);
  });
});
