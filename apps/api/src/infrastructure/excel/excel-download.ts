import { StreamableFile } from '@nestjs/common';
import type { Workbook } from 'exceljs';
import { contentDisposition } from '../storage/file-names';

export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A workbook as a download: return the result from a controller (Nest sets the headers from it). The workbook is
 * written to a buffer first so that a failure while writing becomes an error response, not a truncated file.
 */
export async function workbookDownload(workbook: Workbook, filename: string): Promise<StreamableFile> {
  const name = filename.toLowerCase().endsWith('.xlsx') ? filename : `${filename}.xlsx`;
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return new StreamableFile(buffer, { type: XLSX_MIME_TYPE, disposition: contentDisposition(name), length: buffer.length });
}
