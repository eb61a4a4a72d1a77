import { MAX_FILE_NAME_LENGTH, checkFileName, contentDisposition, extensionOf } from './file-names';

describe('checkFileName', () => {
  it.each([
    ['预算调整批复.pdf', '预算调整批复.pdf'],
    ['  记账凭证 2025-03.jpg  ', '记账凭证 2025-03.jpg'],
    // A browser that sends the path it read the file from: only the name stays.
    ['C:\\Users\\张敏\\Desktop\\合同.docx', '合同.docx'],
    ['scans/凭证.png', '凭证.png'],
    // Trailing dots and spaces are dropped (Windows would drop them on save and the name would change).
    ['报告.pdf. . ', '报告.pdf'],
    ['报告.pdf...', '报告.pdf'],
    // Characters Windows refuses are replaced.
    ['问题:是否整改?.txt', '问题_是否整改_.txt'],
    ['a<b>"c"|d*.csv', 'a_b__c__d_.csv'],
    // Decomposed (NFD) names from macOS are kept composed.
    ['e\u0301.txt', '\u00e9.txt'],
    ['CONTRACT.pdf', 'CONTRACT.pdf'],
    ['con-2025.pdf', 'con-2025.pdf'],
  ])('keeps %j as %j', (raw, expected) => {
    expect(checkFileName(raw)).toEqual({ ok: true, name: expected });
  });

  it.each([
    ['../../etc/passwd', '路径'],
    ['..\\..\\windows\\win.ini', '路径'],
    ['报告/../../x.pdf', '路径'],
    ['报告\u0000.pdf', '控制字符'],
    ['报告\n.pdf', '控制字符'],
    ['\u202Efdp.exe', '控制字符'],
    ['CON', '保留名称'],
    ['nul.txt', '保留名称'],
    ['COM1.pdf', '保留名称'],
    ['lpt9.docx', '保留名称'],
    ['Aux.tar.gz', '保留名称'],
    ['', '为空'],
    ['   ', '为空'],
    ['...', '为空'],
    ['dir/', '为空'],
  ])('refuses %j (%s)', (raw, reason) => {
    const checked = checkFileName(raw);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toContain(reason);
  });

  it('truncates an over-long name before its extension, counting characters, not bytes', () => {
    const long = `${'绩'.repeat(300)}.xlsx`;
    const checked = checkFileName(long);
    expect(checked).toEqual({ ok: true, name: `${'绩'.repeat(MAX_FILE_NAME_LENGTH - 5)}.xlsx` });
    expect([...(checked.ok ? checked.name : '')]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(checkFileName('a'.repeat(250))).toEqual({ ok: true, name: 'a'.repeat(MAX_FILE_NAME_LENGTH) });
  });
});

describe('extensionOf', () => {
  it.each([
    ['报告.PDF', 'pdf'],
    ['archive.tar.gz', 'gz'],
    ['README', ''],
    ['.bashrc', ''],
  ])('%j → %j', (name, ext) => expect(extensionOf(name)).toBe(ext));
});

describe('contentDisposition', () => {
  it('is always an attachment with an ASCII fallback and the RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('预算 调整(1).pdf')).toBe(`attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E9%A2%84%E7%AE%97%20%E8%B0%83%E6%95%B4%281%29.pdf`);
    expect(contentDisposition('report "final".pdf')).toBe(`attachment; filename="report _final_.pdf"; filename*=UTF-8''report%20%22final%22.pdf`);
    expect(contentDisposition("it's.txt")).toBe(`attachment; filename="it's.txt"; filename*=UTF-8''it%27s.txt`);
  });
});
