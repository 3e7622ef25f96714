import { secondaryRanges } from './network';

describe('network', () => {
  it('the subnet has named secondary ranges for pods and services', () => {
    expect(secondaryRanges('10.20.0.0/14', '10.30.0.0/20')).toEqual([
      { rangeName: 'pods', ipCidrRange: '10.20.0.0/14' },
      { rangeName: 'services', ipCidrRange: '10.30.0.0/20' },
    ]);
  });
});
