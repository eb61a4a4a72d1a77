import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import { DomainError } from '@evalflow/domain';
import type { AppConfig } from '../../config/config.schema';

/**
 * Two separate budgets per address on the auth routes. Government offices sit behind one address, so the limits
 * must fit a whole office: guessing a password is stopped by the per-account lockout (LOGIN_MAX_FAILURES), the
 * address limit only stops spraying many accounts. Refreshing a session is not a sign-in attempt (every page load
 * does one, with an unguessable token), so it has its own, wider budget and never uses up the sign-in one.
 */
export const SIGN_IN_THROTTLER = 'sign-in';
export const REFRESH_THROTTLER = 'refresh';
/** Refreshes per address and minute, as a multiple of the sign-in limit: a page load or a tab costs one each. */
const REFRESH_LIMIT_FACTOR = 10;

export function authThrottlers(config: AppConfig): ThrottlerOptions[] {
  return [
    { name: SIGN_IN_THROTTLER, ttl: 60_000, limit: config.AUTH_RATE_LIMIT_PER_MINUTE },
    { name: REFRESH_THROTTLER, ttl: 60_000, limit: config.AUTH_RATE_LIMIT_PER_MINUTE * REFRESH_LIMIT_FACTOR },
  ];
}

/** Decorator arguments: a route counts against the named budget only. */
export const onlySignInBudget = { [REFRESH_THROTTLER]: true };
export const onlyRefreshBudget = { [SIGN_IN_THROTTLER]: true };
export const noAuthBudget = { [SIGN_IN_THROTTLER]: true, [REFRESH_THROTTLER]: true };

/** The throttler guard, answering in the app's shape with the real wait (Retry-After and details.retryAfterSeconds). */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // Seconds until the address may try again (the block lasts one window).
    const retryAfterSeconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    const what = context.getHandler().name === 'refresh' ? '恢复登录状态的请求' : '登录尝试';
    throw new DomainError('RATE_LIMITED', `本网络地址的${what}过于频繁，请在 ${retryAfterSeconds} 秒后重试`, { retryAfterSeconds });
  }
}
