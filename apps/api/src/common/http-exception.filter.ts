import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ZodValidationException } from 'nestjs-zod';
import { QueryFailedError } from 'typeorm';
import type { Response } from 'express';
import { DomainError, ERROR_CODES, type ErrorBody, type ErrorCode, type FieldIssue } from '@evalflow/domain';
import type { ZodError } from 'zod';

const POSTGRES_UNIQUE_VIOLATION = '23505';
const POSTGRES_INVALID_TEXT = '22P02';
/** NUL or an invalid byte in text ("invalid byte sequence for encoding UTF8: 0x00"): the input's fault, never a 500. */
const POSTGRES_BAD_CHARACTER = '22021';
/** Which request field a unique constraint guards, so a 409 can name it. */
const UNIQUE_FIELDS: Record<string, string> = { organisations_credit_code_unique: 'creditCode', users_username_unique: 'username', regions_code_key: 'code' };

/** Maps every error to the stable body {code, message, details} and its HTTP status, in one place. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toBody(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (body.code === 'RATE_LIMITED' || body.code === 'ACCOUNT_LOCKED') {
      const retryAfter = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
    }
    response.status(status).json(body);
  }

  private toBody(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof DomainError) {
      return { status: ERROR_CODES[exception.code], body: { code: exception.code, message: exception.message, details: exception.details } };
    }
    if (exception instanceof ZodValidationException) {
      return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'The request is not valid', details: zodIssues(exception.getZodError() as ZodError) } };
    }
    if (exception instanceof ThrottlerException) {
      return { status: 429, body: { code: 'RATE_LIMITED', message: 'Too many requests; try again in a minute', details: { retryAfterSeconds: 60 } } };
    }
    if (exception instanceof QueryFailedError) {
      const driverError = exception.driverError as { code?: string; detail?: string; constraint?: string };
      if (driverError.code === POSTGRES_UNIQUE_VIOLATION) {
        return { status: 409, body: { code: 'DUPLICATE', message: 'A record with the same unique value exists', details: [{ path: UNIQUE_FIELDS[driverError.constraint ?? ''] ?? '(body)', message: 'already exists' }] } };
      }
      if (driverError.code === POSTGRES_INVALID_TEXT || driverError.code === POSTGRES_BAD_CHARACTER) {
        return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'A value has the wrong format' } };
      }
    }
    if (exception instanceof HttpException) return { status: exception.getStatus(), body: httpBody(exception) };
    if (isBodyParserError(exception)) {
      const tooLarge = exception.type === 'entity.too.large';
      return {
        status: tooLarge ? 413 : 400,
        body: tooLarge
          ? { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' }
          : { code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON' },
      };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { code: 'INTERNAL', message: 'Internal error' } };
  }
}

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'RULE_VIOLATION',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

function httpBody(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
  return { code: STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'), message: Array.isArray(message) ? message.join('; ') : String(message) };
}

function isBodyParserError(error: unknown): error is { type: string; status: number } {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' && typeof (error as { status?: unknown }).status === 'number';
}
