import type { FieldIssue } from '@evalflow/domain';

/** A failed API call: the server's {code, message, details} plus the HTTP status (0 when the network failed). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field issues of a 400 response (`details` is `[{path, message}]`); empty otherwise. */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (item): item is FieldIssue =>
        typeof item === 'object' && item !== null && typeof (item as FieldIssue).path === 'string' && typeof (item as FieldIssue).message === 'string',
    );
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

const MESSAGES_BY_CODE: Record<string, string> = {
  VALIDATION_FAILED: '提交的数据有误，请检查后重试',
  UNAUTHENTICATED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码错误',
  TOKEN_INVALID: '登录已过期，请重新登录',
  FORBIDDEN: '无权执行此操作',
  NOT_FOUND: '记录不存在或已被删除',
  CONFLICT: '操作与当前数据状态冲突，请刷新后重试',
  VERSION_CONFLICT: '数据已被他人修改，请刷新后重试',
  DUPLICATE: '已存在相同的记录',
  PAYLOAD_TOO_LARGE: '提交的数据过大',
  RULE_VIOLATION: '操作不符合业务规则',
  GUARD_FAILED: '当前状态下不能执行此操作',
  ACCOUNT_LOCKED: '账户已锁定，请稍后再试',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  INTERNAL: '服务器内部错误，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后再试',
  NETWORK_ERROR: '网络异常，无法连接服务器',
};

/** A Chinese sentence describing any error thrown by a call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const known = MESSAGES_BY_CODE[error.code];
    if (known) return known;
    return error.message || `请求失败（${error.status}）`;
  }
  return '发生未知错误，请稍后再试';
}
