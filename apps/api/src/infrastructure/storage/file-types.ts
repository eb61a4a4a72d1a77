/*
 * The allow-list of attachment types, and the rule that the bytes decide: the type is sniffed from the content
 * (file-type on the first bytes; the entries of a zip for OOXML and OFD; a decoding check for text) and the name's
 * extension must agree with it. A renamed executable, or a .pdf that is a zip, is refused (415) with the reason.
 */

export interface AllowedType {
  readonly mediaType: string;
  /** What a clerk calls it (messages). */
  readonly label: string;
  /** Shown in the page (images the browsers draw, PDF). */
  readonly previewable: boolean;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** By extension. doc/xls/wps/et are all OLE compound files: the container is what can be told from the bytes. */
export const ALLOWED_TYPES: Readonly<Record<string, AllowedType>> = {
  pdf: { mediaType: 'application/pdf', label: 'PDF 文件', previewable: true },
  ofd: { mediaType: 'application/ofd', label: 'OFD 版式文件', previewable: false },
  doc: { mediaType: 'application/msword', label: 'Word 文档', previewable: false },
  docx: { mediaType: DOCX, label: 'Word 文档', previewable: false },
  xls: { mediaType: 'application/vnd.ms-excel', label: 'Excel 工作簿', previewable: false },
  xlsx: { mediaType: XLSX, label: 'Excel 工作簿', previewable: false },
  wps: { mediaType: 'application/wps-office.wps', label: 'WPS 文字文档', previewable: false },
  et: { mediaType: 'application/wps-office.et', label: 'WPS 表格', previewable: false },
  png: { mediaType: 'image/png', label: 'PNG 图片', previewable: true },
  jpg: { mediaType: 'image/jpeg', label: 'JPEG 图片', previewable: true },
  jpeg: { mediaType: 'image/jpeg', label: 'JPEG 图片', previewable: true },
  gif: { mediaType: 'image/gif', label: 'GIF 图片', previewable: true },
  webp: { mediaType: 'image/webp', label: 'WebP 图片', previewable: true },
  bmp: { mediaType: 'image/bmp', label: 'BMP 图片', previewable: true },
  tif: { mediaType: 'image/tiff', label: 'TIFF 图片', previewable: false },
  tiff: { mediaType: 'image/tiff', label: 'TIFF 图片', previewable: false },
  zip: { mediaType: 'application/zip', label: 'ZIP 压缩包', previewable: false },
  rar: { mediaType: 'application/vnd.rar', label: 'RAR 压缩包', previewable: false },
  '7z': { mediaType: 'application/x-7z-compressed', label: '7z 压缩包', previewable: false },
  txt: { mediaType: 'text/plain', label: '文本文件', previewable: false },
  csv: { mediaType: 'text/csv', label: 'CSV 文件', previewable: false },
};

/** Which extensions each sniffed kind (file-type's `ext`, or ours: 'ofd', 'text') may carry. */
const EXTENSIONS_OF_KIND: Readonly<Record<string, readonly string[]>> = {
  pdf: ['pdf'],
  ofd: ['ofd'],
  cfb: ['doc', 'xls', 'wps', 'et'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  png: ['png'],
  jpg: ['jpg', 'jpeg'],
  gif: ['gif'],
  webp: ['webp'],
  bmp: ['bmp'],
  tif: ['tif', 'tiff'],
  zip: ['zip'],
  rar: ['rar'],
  '7z': ['7z'],
  text: ['txt', 'csv'],
};

/** Kinds whose container is a zip: checked against the zip limits (a zip bomb is refused). */
export const ZIP_KINDS: ReadonlySet<string> = new Set(['zip', 'docx', 'xlsx', 'ofd']);

export const ALLOWED_EXTENSIONS_TEXT = 'PDF、OFD、Word（doc/docx）、Excel（xls/xlsx）、WPS（wps/et）、图片（png/jpg/gif/webp/bmp/tif）、压缩包（zip/rar/7z）、文本（txt/csv）';

/** What the bytes were found to be: file-type's answer on the first bytes, and for text whether it decodes. */
export interface Sniffed {
  /** file-type's extension ('pdf', 'zip', 'cfb', 'exe', …), or null when it knows none (text has no signature). */
  readonly fileTypeExt: string | null;
  readonly fileTypeMime: string | null;
  /** Only asked for .txt/.csv: valid UTF-8 or GB18030 with no NUL byte. */
  readonly isText?: boolean;
}

export type TypeDecision = { ok: true; ext: string; type: AllowedType; kind: string } | { ok: false; reason: string };

/** The zip's own kind by its entries: OOXML documents, OFD (OFD.xml at the root), or a plain archive. */
export function zipKindOf(entryNames: readonly string[]): 'docx' | 'xlsx' | 'ofd' | 'zip' {
  const names = new Set(entryNames.map((name) => name.toLowerCase()));
  if (names.has('[content_types].xml') && names.has('word/document.xml')) return 'docx';
  if (names.has('[content_types].xml') && names.has('xl/workbook.xml')) return 'xlsx';
  if (names.has('ofd.xml')) return 'ofd';
  return 'zip';
}

/** The kind of the content, before the zip's entries are known ('zip' covers docx/xlsx/ofd until they are). */
export function sniffedKind(sniffed: Sniffed): string | null {
  if (sniffed.fileTypeExt) return sniffed.fileTypeExt;
  return sniffed.isText ? 'text' : null;
}

/**
 * Does the name's extension agree with what the bytes are? `kind` is the content's kind (sniffedKind, refined by
 * zipKindOf for zips). Answers the allowed type, or the reason in plain Chinese.
 */
export function decideType(fileName: string, kind: string | null, sniffedMime: string | null): TypeDecision {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const allowed = ALLOWED_TYPES[ext];
  if (!allowed) return { ok: false, reason: ext ? `不支持上传 .${ext} 文件，可上传的类型：${ALLOWED_EXTENSIONS_TEXT}` : `文件名缺少扩展名，可上传的类型：${ALLOWED_EXTENSIONS_TEXT}` };
  if (!kind) return { ok: false, reason: `文件内容无法识别，与扩展名 .${ext}（${allowed.label}）不符` };
  const extensions = EXTENSIONS_OF_KIND[kind];
  if (!extensions) {
    const what = kind === 'exe' || kind === 'elf' || kind === 'mach' ? '可执行程序' : `${sniffedMime ?? kind} 类型的文件`;
    return { ok: false, reason: `文件内容是${what}，与扩展名 .${ext}（${allowed.label}）不符，不能上传` };
  }
  if (!extensions.includes(ext)) {
    const actual = ALLOWED_TYPES[extensions[0]];
    return { ok: false, reason: `文件内容是${actual.label}，与扩展名 .${ext}（${allowed.label}）不符，请核对后重新上传` };
  }
  return { ok: true, ext, type: allowed, kind };
}
