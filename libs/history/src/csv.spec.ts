import { csvDocument, csvField, csvHeader, csvRecord, csvRecords, type CsvColumn } from './csv';

describe('CSV encoding (RFC 4180)', () => {
  it('leaves plain text, numbers and moments as they are, and writes nothing for null', () => {
    expect(csvField('shop')).toBe('shop');
    expect(csvField('a b')).toBe('a b');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(0)).toBe('0');
    expect(csvField(new Date(Date.UTC(2026, 0, 31, 8, 5, 1, 7)))).toBe('2026-01-31T08:05:01.007Z');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('fix, then ship')).toBe('"fix, then ship"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('"')).toBe('""""');
    expect(csvField('first line\nsecond line')).toBe('"first line\nsecond line"');
    expect(csvField('windows\r\nline')).toBe('"windows\r\nline"');
    expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
  });

  it('makes text that a spreadsheet would run as a formula read as text', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    // Only at the start: inside text they are harmless.
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
    // Numbers are ours, never a formula.
    expect(csvField(-1)).toBe('-1');
  });

  it('ends every record with CRLF, the line breaks inside fields quoted', () => {
    expect(csvRecord(['a', null, 3, 'x\ny'])).toBe('a,,3,"x\ny"\r\n');
    expect(csvRecord([null])).toBe('\r\n');
  });

  it('writes a header from the columns and one record per row, in order', () => {
    const columns: CsvColumn<{ name: string; size: number | null }>[] = [
      { name: 'name', value: (row) => row.name },
      { name: 'size', value: (row) => row.size },
    ];
    expect(csvHeader(columns)).toBe('name,size\r\n');
    expect(
      csvRecords(columns, [
        { name: 'one', size: 1 },
        { name: 'two, too', size: null },
      ]),
    ).toBe('one,1\r\n"two, too",\r\n');
    expect(csvRecords(columns, [])).toBe('');
  });

  it('produces a document a batch at a time, and reads no further batch once the reader stops', async () => {
    const columns: CsvColumn<number>[] = [{ name: 'n', value: (n) => n }];
    const read: number[] = [];
    let stopped = false;
    async function* batches(): AsyncGenerator<number[]> {
      try {
        for (let batch = 0; batch < 100; batch += 1) {
          read.push(batch);
          yield await Promise.resolve([batch * 2, batch * 2 + 1]);
        }
      } finally {
        stopped = true;
      }
    }
    const pieces: string[] = [];
    for await (const piece of csvDocument(columns, batches())) {
      pieces.push(piece);
      if (pieces.length === 3) break;
    }
    expect(pieces).toEqual(['n\r\n', '0\r\n1\r\n', '2\r\n3\r\n']);
    expect(read).toEqual([0, 1]);
    expect(stopped).toBe(true);
  });
});
