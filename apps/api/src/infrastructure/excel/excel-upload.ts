import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { DomainError } from '@evalflow/domain';
import { XLSX_MIME_TYPE } from './excel-download';

/** What multer's memory storage hands over (the subset we use; @types/multer is not installed). */
export interface UploadedExcelFile {
  readonly fieldname: string;
  readonly originalname: string;
  readonly mimetype: string;
  readonly size: number;
  readonly buffer: Buffer;
}

/** 5 MB: a framework or a department's budget workbook is a few hundred rows; anything larger is not one of ours. */
export const EXCEL_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/** Browsers send .xlsx with its own type, but some (and curl) send a generic one; the file name and content decide. */
const ACCEPTED_MIME_TYPES = new Set([XLSX_MIME_TYPE, 'application/octet-stream', 'application/zip', 'application/x-zip-compressed']);

export function notAnXlsx(detail: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `请上传 .xlsx 格式的 Excel 文件: ${detail}`, [{ path: 'file', message: detail }]);
}

/**
 * Route decorator for an Excel upload in the multipart field `file` (default): memory storage, a size limit (413 from
 * Nest when exceeded) and a type check by name and MIME type before the body is buffered. Read the file with
 * `parseUploadedWorkbook(file, reader, input)`.
 */
export function ExcelUpload(field = 'file', maxBytes = EXCEL_UPLOAD_MAX_BYTES) {
  return applyDecorators(
    UseInterceptors(
      FileInterceptor(field, {
        limits: { fileSize: maxBytes, files: 1 },
        fileFilter: (_request, file, accept) => {
          if (!file.originalname.toLowerCase().endsWith('.xlsx')) return accept(notAnXlsx(`文件名 ${file.originalname} 不是 .xlsx`), false);
          if (!ACCEPTED_MIME_TYPES.has(file.mimetype)) return accept(notAnXlsx(`文件类型 ${file.mimetype} 不是 Excel 工作簿`), false);
          accept(null, true);
        },
      }),
    ),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: [field], properties: { [field]: { type: 'string', format: 'binary' } } } }),
  );
}

/**
 * The uploaded bytes, checked to be there and to look like an .xlsx: 400 (path `file`) when nothing was sent or the
 * bytes are not a zip (an .xlsx renamed from .xls or .csv). Read them with parseUploadedWorkbook (workbook-parser.ts),
 * which bounds what unpacking and parsing may cost.
 */
export function uploadedXlsxBytes(file: UploadedExcelFile | undefined): Buffer {
  if (!file?.buffer?.length) throw new DomainError('VALIDATION_FAILED', '请选择要上传的 Excel 文件', [{ path: 'file', message: 'required' }]);
  // Every .xlsx is a zip archive: "PK\x03\x04".
  if (file.buffer.subarray(0, 4).toString('binary') !== 'PK\x03\x04') throw notAnXlsx('文件内容不是 .xlsx 工作簿');
  return file.buffer;
}
