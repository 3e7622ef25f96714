import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeModelDirectory } from './write-model-directory';

describe('writeModelDirectory', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'write-model-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('replaces an existing directory and leaves no temporary directories behind', () => {
    const out = path.join(workDir, 'v1');
    writeModelDirectory(out, (dir) => writeFileSync(path.join(dir, 'a.txt'), 'first'));
    writeModelDirectory(out, (dir) => writeFileSync(path.join(dir, 'b.txt'), 'second'));
    expect(readdirSync(out)).toEqual(['b.txt']);
    expect(readFileSync(path.join(out, 'b.txt'), 'utf8')).toBe('second');
    expect(readdirSync(workDir)).toEqual(['v1']);
  });

  it('when writing fails, keeps the previous directory and removes the partial one', () => {
    const out = path.join(workDir, 'v2');
    writeModelDirectory(out, (dir) => writeFileSync(path.join(dir, 'model.json'), '{}'));
    expect(() =>
      writeModelDirectory(out, () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(existsSync(path.join(out, 'model.json'))).toBe(true);
    expect(readdirSync(workDir).sort()).toEqual(['v1', 'v2']);
  });
});
