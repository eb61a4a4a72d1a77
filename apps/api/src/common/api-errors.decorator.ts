import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { errorResponseSchema } from '@evalflow/domain';
import { XLSX_MIME_TYPE } from '../infrastructure/excel/excel-download';

/** The body of every 4xx/5xx answer ({code, message, details}), as AppExceptionFilter writes it. */
export class ErrorBodyDto extends createZodDto(errorResponseSchema) {}

/** The statuses AppExceptionFilter answers with (libs/domain/src/errors.ts maps the codes to them). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: '请求无效 VALIDATION_FAILED: the body, query or a path parameter is not valid; details: [{path, message}]',
  401: '未登录 UNAUTHENTICATED / TOKEN_INVALID / INVALID_CREDENTIALS: no valid access token (or wrong credentials)',
  403: '无权操作 FORBIDDEN: the caller may see the record but not do this (or not yet)',
  404: '不存在 NOT_FOUND: no such record, or not visible to the caller',
  409: '冲突 CONFLICT / VERSION_CONFLICT / DUPLICATE: not in this state, a stale expectedVersion, or a unique value taken',
  413: '过大 PAYLOAD_TOO_LARGE: the body or the uploaded file is too large',
  415: '类型不允许 UNSUPPORTED_MEDIA_TYPE: the uploaded file is of a type not allowed, or its content does not match its name',
  422: '不符合规则 RULE_VIOLATION / GUARD_FAILED: valid input that breaks a business rule; details say which',
  429: '过于频繁 RATE_LIMITED / ACCOUNT_LOCKED: try again later (Retry-After header)',
  503: '暂不可用 SERVICE_UNAVAILABLE: a dependency is down or the server is busy; try again',
};

/**
 * Declares the error answers a route really gives, each with the error body: `@ApiErrors(401, 403, 404)`.
 * Typical sets: public routes 400/401/429 (no bearer); reads 401/403/404; writes add 400 and 409/422 as they apply.
 */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorBodyDto.Output })));
}

/** A file download: the 200 answer is the binary workbook (its error answers stay JSON: declare them with ApiErrors). */
export function ApiXlsxFile(description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiResponse({ status: 200, description, content: { [XLSX_MIME_TYPE]: { schema: { type: 'string', format: 'binary' } } } }));
}
