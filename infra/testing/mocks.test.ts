import { revealSecrets } from './mocks';

describe('revealSecrets', () => {
  it('unwraps secret values and reports where they were', () => {
    const paths: string[] = [];
    const secret = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: 's3cr3t' };
    expect(revealSecrets({ plain: 1, nested: { token: secret }, list: [secret] }, paths)).toEqual({
      plain: 1,
      nested: { token: 's3cr3t' },
      list: ['s3cr3t'],
    });
    expect(paths).toEqual(['nested.token', 'list[0]']);
  });
});
