import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Request, Response } from 'express';
import { DomainError, loginRequestSchema, loginResponseSchema, refreshRequestSchema } from '@evalflow/domain';
import { CurrentUser, Public } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { MeResponse } from '../../common/response-dtos';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { AuthService } from './auth.service';
import { AuthThrottlerGuard, noAuthBudget, onlyRefreshBudget, onlySignInBudget } from './auth-throttling';

class LoginRequestDto extends createZodDto(loginRequestSchema) {}
class RefreshRequestDto extends createZodDto(refreshRequestSchema) {}
class LoginResponseDto extends createZodDto(loginResponseSchema) {}

/**
 * Sign-in. API clients use the Bearer access token and send the refresh token in the body. The browser keeps the
 * access token in memory and gets the refresh token as an httpOnly SameSite=Strict cookie scoped to /api/auth,
 * so script injected into the page cannot read the long-lived credential, and other sites cannot send it.
 */
export const REFRESH_COOKIE = 'evalflow_refresh';

@ApiTags('auth')
@Controller('auth')
@UseGuards(AuthThrottlerGuard)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @SkipThrottle(onlySignInBudget)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录 Sign in with username and password', security: [] })
  @ApiErrors(400, 401, 429)
  @ZodResponse({ status: 200, type: LoginResponseDto })
  async login(@Body() body: LoginRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const result = await this.auth.login(body.username, body.password, { userAgent: req.get('user-agent') ?? null, ip: req.ip ?? null });
    this.setRefreshCookie(res, result.refreshToken);
    return result;
  }

  @Public()
  @SkipThrottle(onlyRefreshBudget)
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '换发令牌 Exchange a refresh token (body or cookie) for new tokens; the refresh token rotates', security: [] })
  @ApiErrors(400, 401, 429)
  @ZodResponse({ status: 200, type: LoginResponseDto })
  async refresh(@Body() body: RefreshRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = body.refreshToken ?? (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE];
    if (!token) throw new DomainError('TOKEN_INVALID', 'No refresh token given');
    const result = await this.auth.refresh(token);
    this.setRefreshCookie(res, result.refreshToken);
    return result;
  }

  @SkipThrottle(noAuthBudget)
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: '退出登录 End this session (the refresh token and access tokens of the session stop working)' })
  @ApiNoContentResponse({ description: '已退出 Signed out; the refresh cookie is cleared' })
  @ApiErrors(401)
  async logout(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(user.sessionId);
    res.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
  }

  @SkipThrottle(noAuthBudget)
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: '当前用户 The signed-in user and their packed permission rules' })
  @ZodResponse({ status: 200, type: MeResponse })
  @ApiErrors(401)
  me(@CurrentUser() user: AuthenticatedUser) {
    return this.auth.describe(user);
  }

  private setRefreshCookie(res: Response, token: string): void {
    res.cookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.NODE_ENV === 'production' || this.config.PUBLIC_URL?.startsWith('https:') === true,
      path: '/api/auth',
      maxAge: this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    });
  }
}
