import { bar, Progress } from './progress';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, output: { isTTY, columns: 40, write: (text: string) => writes.push(text) } };
}

describe('the demo progress display', () => {
  it('on a terminal redraws one status line in place and clears it before a line that stays', () => {
    const { writes, output } = recorder(true);
    const progress = new Progress(output);
    progress.status('answered 1/10');
    progress.status('answered 2/10');
    progress.line('rejected sku-3: schema-violation');
    expect(writes).toEqual([
      '\r\x1b[2Kanswered 1/10',
      '\r\x1b[2Kanswered 2/10',
      '\r\x1b[2K',
      'rejected sku-3: schema-violation\n',
    ]);
  });

  it('fits the status line to the terminal width', () => {
    const { writes, output } = recorder(true);
    new Progress(output).status('x'.repeat(100));
    expect(writes[0]).toBe(`\r\x1b[2K${'x'.repeat(38)}…`);
  });

  it('into a pipe writes the status as plain lines, at most one per interval unless forced', () => {
    const { writes, output } = recorder(false);
    let now = 0;
    const progress = new Progress(output, 5_000, () => now);
    progress.status('answered 1/10');
    now = 1_000;
    progress.status('answered 2/10');
    now = 6_000;
    progress.status('answered 9/10');
    progress.status('answered 10/10', true);
    expect(writes).toEqual(['answered 1/10\n', 'answered 9/10\n', 'answered 10/10\n']);
  });

  it('draws a bar of the share done', () => {
    expect(bar(0, 10, 10)).toBe('[----------]');
    expect(bar(5, 10, 10)).toBe('[#####-----]');
    expect(bar(12, 10, 10)).toBe('[##########]');
  });
});
