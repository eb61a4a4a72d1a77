import { StreamableFile } from '@nestjs/common';
import type { Workbook } from 'exceljs';

export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Content-Disposition for a download with a Chinese file name: `filename*` (RFC 5987, UTF-8) is what browsers use;
 * the plain `filename` is an ASCII fallback for old clients, since raw non-ASCII bytes in a header are not portable.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * A workbook as a download: return the result from a controller (Nest sets the headers from it). The workbook is
 * written to a buffer first so that a failure while writing becomes an error response, not a truncated file.
 */
export async function workbookDownload(workbook: Workbook, filename: string): Promise<StreamableFile> {
  const name = filename.toLowerCase().endsWith('.xlsx') ? filename : `${filename}.xlsx`;
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return new StreamableFile(buffer, { type: XLSX_MIME_TYPE, disposition: attachmentDisposition(name), length: buffer.length });
}
