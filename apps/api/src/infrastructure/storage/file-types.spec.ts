import { decideType, sniffedKind, zipKindOf } from './file-types';

describe('decideType: the bytes decide, the name must agree', () => {
  it.each([
    ['报告.pdf', 'pdf', 'application/pdf'],
    ['报告.PDF', 'pdf', 'application/pdf'],
    ['发票.ofd', 'ofd', 'application/ofd'],
    ['制度.doc', 'cfb', 'application/msword'],
    ['决算.xls', 'cfb', 'application/vnd.ms-excel'],
    ['说明.wps', 'cfb', 'application/wps-office.wps'],
    ['报表.et', 'cfb', 'application/wps-office.et'],
    ['合同.docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['花名册.xlsx', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['现场.jpg', 'jpg', 'image/jpeg'],
    ['现场.jpeg', 'jpg', 'image/jpeg'],
    ['现场.png', 'png', 'image/png'],
    ['现场.gif', 'gif', 'image/gif'],
    ['现场.webp', 'webp', 'image/webp'],
    ['现场.bmp', 'bmp', 'image/bmp'],
    ['扫描.tif', 'tif', 'image/tiff'],
    ['凭证.zip', 'zip', 'application/zip'],
    ['凭证.rar', 'rar', 'application/vnd.rar'],
    ['凭证.7z', '7z', 'application/x-7z-compressed'],
    ['说明.txt', 'text', 'text/plain'],
    ['明细.csv', 'text', 'text/csv'],
  ])('%s with %s content is %s', (name, kind, mediaType) => {
    const decision = decideType(name, kind, null);
    expect(decision.ok && decision.type.mediaType).toBe(mediaType);
  });

  it.each([
    ['报告.pdf', 'exe', 'application/x-msdownload', '可执行程序'],
    ['说明.txt', 'elf', 'application/x-elf', '可执行程序'],
    ['报告.pdf', 'zip', 'application/zip', 'ZIP 压缩包'],
    ['合同.docx', 'cfb', 'application/x-cfb', 'Word 文档'],
    ['图片.png', 'jpg', 'image/jpeg', 'JPEG 图片'],
    ['凭证.zip', 'docx', null, 'Word 文档'],
    ['报告.pdf', null, null, '无法识别'],
    ['程序.exe', 'exe', 'application/x-msdownload', '不支持上传 .exe'],
    ['页面.html', null, null, '不支持上传 .html'],
    ['脚本.svg', 'svg', 'image/svg+xml', '不支持上传 .svg'],
    ['没有扩展名', 'pdf', 'application/pdf', '缺少扩展名'],
    ['演示.pptx', 'pptx', null, '不支持上传 .pptx'],
  ])('refuses %s with %s content (%s)', (name, kind, mime, reason) => {
    const decision = decideType(name, kind, mime);
    expect(decision.ok).toBe(false);
    expect(decision.ok ? '' : decision.reason).toContain(reason);
  });
});

describe('zipKindOf and sniffedKind', () => {
  it('tells OOXML and OFD from a plain zip by the entries', () => {
    expect(zipKindOf(['[Content_Types].xml', '_rels/.rels', 'word/document.xml'])).toBe('docx');
    expect(zipKindOf(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])).toBe('xlsx');
    expect(zipKindOf(['OFD.xml', 'Doc_0/Document.xml'])).toBe('ofd');
    expect(zipKindOf(['凭证/1.jpg', 'word/document.xml'])).toBe('zip');
  });
  it('takes file-type first, then text when it decodes', () => {
    expect(sniffedKind({ fileTypeExt: 'pdf', fileTypeMime: 'application/pdf' })).toBe('pdf');
    expect(sniffedKind({ fileTypeExt: null, fileTypeMime: null, isText: true })).toBe('text');
    expect(sniffedKind({ fileTypeExt: null, fileTypeMime: null, isText: false })).toBeNull();
    expect(sniffedKind({ fileTypeExt: null, fileTypeMime: null })).toBeNull();
  });
});
