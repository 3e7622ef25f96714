import { parseStackConfig } from '../config';
import { readStackConfig } from '../testing';
import { placeholderProblems } from './placeholders';

describe('placeholder values', () => {
  it('are each named with their key and the command that replaces them', () => {
    expect(
      placeholderProblems('ops', {
        gcpProject: 'replace-with-your-project-id',
        gitRepoUrl: 'https://git.example.com/your-org/category-match.git',
        masterAuthorizedCidrs: '["203.0.113.0/24"]',
        costCenter: 'ml-platform-ops',
      }),
    ).toEqual([
      'category-match:gcpProject: "replace-with-your-project-id" is a placeholder, not a real value; pulumi config set category-match:gcpProject <value> -s ops',
      'category-match:gitRepoUrl: "git.example.com" is a documentation domain, not a real value; pulumi config set category-match:gitRepoUrl <value> -s ops',
      'category-match:masterAuthorizedCidrs: "203.0.113.0/24" is a documentation address range, not a real value; pulumi config set category-match:masterAuthorizedCidrs <value> -s ops',
    ]);
  });

  it('include the documentation domains, but not names that merely contain the word', () => {
    expect(placeholderProblems('ops', { gitRepoUrl: 'https://git.example.org/ml/category-match.git' })).toHaveLength(1);
    expect(placeholderProblems('ops', { gitRepoUrl: 'https://github.com/counterexample/repo.git' })).toEqual([]);
  });

  it('stop a deployment of the committed ops stack before anything runs, with every key at once', () => {
    let message = '';
    try {
      parseStackConfig('ops', readStackConfig('ops'), { placeholders: 'reject' });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain('category-match:gcpProject: "replace-with-your-project-id" is a placeholder');
    expect(message).toContain('category-match:gitRepoUrl: "git.example.com" is a documentation domain');
    expect(message).toContain(
      'category-match:masterAuthorizedCidrs: "203.0.113.0/24" is a documentation address range',
    );
  });

  it('are read as they are when the template files are rendered or tested', () => {
    expect(parseStackConfig('ops', readStackConfig('ops')).gcpProject).toBe('replace-with-your-project-id');
  });
});
