import { ApiError, describeError } from '../api/api-error';

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** The server's own message where it speaks Chinese (the framework routes do), else the generic one for its code. */
export function frameworkErrorText(error: unknown): string {
  return error instanceof ApiError && HAS_CHINESE.test(error.message) ? error.message : describeError(error);
}

/** The message and every field issue, one per line ("第3行: 分值 “abc”不是数字"). */
export function issuesText(error: unknown): string {
  const lines = [frameworkErrorText(error)];
  if (error instanceof ApiError) lines.push(...error.fieldIssues.map((issue) => issue.message));
  return lines.join('\n');
}
