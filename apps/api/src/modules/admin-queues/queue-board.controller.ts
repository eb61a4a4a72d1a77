import { Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH, QUEUE_BOARD_TTL_SECONDS, QueueBoardAccess } from './queue-board-access';

class QueueBoardSessionDto extends createZodDto(z.object({ url: z.string(), expiresAt: z.string() })) {}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/queue-board')
export class QueueBoardController {
  constructor(
    private readonly access: QueueBoardAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('session')
  @HttpCode(200)
  @RequirePermission('read', 'QueueDashboard')
  @ApiOperation({ summary: '队列面板 Open the queue dashboard: sets its short-lived cookie (system admins only)' })
  @ZodResponse({ status: 200, type: QueueBoardSessionDto })
  @ApiErrors(401, 403)
  async open(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) res: Response) {
    res.cookie(QUEUE_BOARD_COOKIE, await this.access.issueTicket(user), {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.NODE_ENV === 'production' || this.config.PUBLIC_URL?.startsWith('https:') === true,
      path: QUEUE_BOARD_PATH,
      maxAge: QUEUE_BOARD_TTL_SECONDS * 1000,
    });
    return { url: `${QUEUE_BOARD_PATH}/`, expiresAt: new Date(Date.now() + QUEUE_BOARD_TTL_SECONDS * 1000).toISOString() };
  }
}
