import { DomainError } from '@evalflow/domain';
import { checkZipLimits, zipProblemError, type ZipLimits } from '../uploads/zip-limits';
import { decideType, sniffedKind, zipKindOf, ZIP_KINDS, type AllowedType } from './file-types';
import type { FileSniffer } from './file-sniffer';
import type { ReceivedFile } from './upload-receiver';

/**
 * Zip limits for evidence files. A scanned-voucher archive or a docx with photos is tens of MB inflated; the limits
 * sit far above that and far below what would hurt the server. A tiny file that inflates a thousand-fold past
 * BOMB_FLOOR_BYTES is refused too (no real document compresses like that).
 */
export const ATTACHMENT_ZIP_LIMITS: ZipLimits = { maxEntries: 20_000, maxEntryBytes: 512 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };
const BOMB_RATIO = 1000;
const BOMB_FLOOR_BYTES = 64 * 1024 * 1024;

export interface InspectedFile {
  readonly mediaType: string;
  readonly previewable: boolean;
  readonly type: AllowedType;
}

/** What the bytes of a received file are, and whether that is allowed under its name: 415/422 otherwise. */
export async function inspectFile(file: ReceivedFile, sniffer: FileSniffer, zipLimits: ZipLimits = ATTACHMENT_ZIP_LIMITS): Promise<InspectedFile> {
  const sniffed = await sniffer.sniff(file.head);
  let kind = sniffedKind({ fileTypeExt: sniffed?.ext ?? null, fileTypeMime: sniffed?.mime ?? null, isText: file.isText });
  if (kind && ZIP_KINDS.has(kind)) {
    const zip = await checkZipLimits({ path: file.tempPath }, zipLimits);
    if (!zip.ok) throw zip.problem.kind === 'not_a_zip' ? unsupported(file, '文件内容已损坏，无法作为压缩文件读取') : zipProblemError(zip.problem, { what: `文件“${file.fileName}”` });
    if (zip.totalBytes > BOMB_FLOOR_BYTES && zip.totalBytes > BOMB_RATIO * file.size) {
      const message = `文件“${file.fileName}”解压后内容异常巨大（压缩比超过 ${BOMB_RATIO} 倍），疑似压缩炸弹，不能上传`;
      throw new DomainError('RULE_VIOLATION', message, [{ path: 'file', message }]);
    }
    // file-type tells docx/xlsx when their parts come first; the entries tell always (and OFD, which it does not know).
    if (kind === 'zip') kind = zipKindOf(zip.entries.map((entry) => entry.name));
  }
  const decision = decideType(file.fileName, kind, sniffed?.mime ?? null);
  if (!decision.ok) throw unsupported(file, decision.reason);
  return { mediaType: decision.type.mediaType, previewable: decision.type.previewable, type: decision.type };
}

function unsupported(file: ReceivedFile, reason: string): DomainError {
  return new DomainError('UNSUPPORTED_MEDIA_TYPE', `文件“${file.fileName}”不能上传：${reason}`, [{ path: 'file', message: reason }]);
}
