import { Workbook } from 'exceljs';
import { RowCounter, firstSheetOverLimit, lastRowWithin, scanSheetRows, sheetNamesFromXml, tooManyRowsMessage } from './sheet-rows';

/* Rows per sheet: the raw-XML count before exceljs loads a workbook, and the bounds the readers compute once. */

describe('RowCounter', () => {
  const count = (...chunks: string[]) => {
    const counter = new RowCounter();
    chunks.forEach((chunk) => counter.push(chunk));
    return counter.lastRow;
  };

  it('takes the last row number from the r attributes', () => {
    expect(count('<sheetData><row r="1" spans="1:2"><c r="A1"/></row><row r="7"><c r="A7"/></row></sheetData>')).toBe(7);
  });

  it('counts rows without r as the previous one plus one, and empty self-closing rows too', () => {
    expect(count('<row><c/></row><row/><row r="10"/><row></row>')).toBe(11);
  });

  it('finds a tag split across chunks, and a prefixed tag', () => {
    expect(count('<x:sheetData><x:ro', 'w r="4', '2"><x:c/></x:row>')).toBe(42);
  });

  it('does not take rowBreaks or other r attributes for rows', () => {
    expect(count('<row r="3"><c r="B900"/></row><rowBreaks count="1"><brk id="500"/></rowBreaks>')).toBe(3);
  });

  it('stays linear on a huge sheet: 100,000 rows in chunks of 64 KB', () => {
    const xml = Buffer.from(Array.from({ length: 100_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`).join(''));
    const counter = new RowCounter();
    const started = Date.now();
    for (let offset = 0; offset < xml.length; offset += 64 * 1024) counter.push(xml.subarray(offset, offset + 64 * 1024));
    expect(counter.lastRow).toBe(100_000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('scanSheetRows', () => {
  it('names each worksheet part by its tab and gives its last row', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('总体').getCell('B1').value = '万元';
    const projects = workbook.addWorksheet('项目 & 其他');
    projects.getCell('A120').value = '项目';
    workbook.addWorksheet('空');
    const rows = await scanSheetRows(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rows).toEqual([
      { sheet: '总体', lastRow: 1 },
      { sheet: '项目 & 其他', lastRow: 120 },
      { sheet: '空', lastRow: 0 },
    ]);
    expect(firstSheetOverLimit(rows, 100)).toEqual({ sheet: '项目 & 其他', lastRow: 120 });
    expect(firstSheetOverLimit(rows, 120)).toBeNull();
  });

  it('rejects bytes that are no zip', async () => {
    await expect(scanSheetRows(Buffer.from('PK\x03\x04nope'))).rejects.toThrow();
  });

  it('maps relationship targets, relative or absolute, and decodes names', () => {
    const names = sheetNamesFromXml(
      '<workbook><sheets><sheet name="A&amp;B" sheetId="1" r:id="rId1"/><sheet name="&#39033;&#x76EE;" sheetId="2" r:id="rId2"/></sheets></workbook>',
      '<Relationships><Relationship Id="rId1" Type="…/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml" Type="…"/></Relationships>',
    );
    expect([...names]).toEqual([
      ['xl/worksheets/sheet1.xml', 'A&B'],
      ['xl/worksheets/sheet2.xml', '项目'],
    ]);
  });
});

describe('lastRowWithin', () => {
  it('gives the last row once, or the issue naming the sheet and the limit', () => {
    expect(lastRowWithin({ name: '项目', rowCount: 5000 })).toEqual({ lastRow: 5000 });
    expect(lastRowWithin({ name: '项目', rowCount: 100_001 })).toEqual({ issue: { path: '项目', message: tooManyRowsMessage('项目', 100_001, 5000) } });
    expect(tooManyRowsMessage('项目', 100_001, 5000)).toBe('工作表“项目”有 100001 行，超过上限 5000 行，请删除多余的行或分成几个工作簿导入');
  });
});
