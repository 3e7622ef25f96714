import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('a,b\n1,"Loewe 55"" DR+, black"\n')).toEqual([
      ['a', 'b'],
      ['1', 'Loewe 55" DR+, black'],
    ]);
  });

  it('accepts CRLF line ends and a last line without one', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});
