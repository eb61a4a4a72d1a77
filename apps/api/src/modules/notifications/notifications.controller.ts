import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  listNotificationsQuerySchema,
  markAllReadResponseSchema,
  notificationPageSchema,
  notificationPreferencesSchema,
  notificationSchema,
  unreadCountSchema,
  updateNotificationPreferencesSchema,
} from '@evalflow/domain';
import { CurrentUser } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { NotificationsService } from './notifications.service';

class ListNotificationsQueryDto extends createZodDto(listNotificationsQuerySchema) {}
class NotificationPageDto extends createZodDto(notificationPageSchema) {}
class NotificationDto extends createZodDto(notificationSchema) {}
class UnreadCountDto extends createZodDto(unreadCountSchema) {}
class MarkAllReadDto extends createZodDto(markAllReadResponseSchema) {}
class NotificationPreferencesDto extends createZodDto(notificationPreferencesSchema) {}
class UpdateNotificationPreferencesDto extends createZodDto(updateNotificationPreferencesSchema) {}

/**
 * The signed-in user's own notifications and preferences. Every route works on the caller's id only (no id of
 * another user is ever taken from the request), so there is no record of someone else to check against.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({ summary: '我的通知 My notifications, newest first (unread=true for unread only)' })
  @ZodResponse({ status: 200, type: NotificationPageDto })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotificationsQueryDto) {
    return this.notifications.list(user.id, query);
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: '未读数 How many of my notifications are unread' })
  @ZodResponse({ status: 200, type: UnreadCountDto })
  @ApiErrors(401)
  unreadCount(@CurrentUser() user: AuthenticatedUser) {
    return this.notifications.unreadCount(user.id);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: '全部已读 Mark all my notifications read' })
  @ZodResponse({ status: 200, type: MarkAllReadDto })
  @ApiErrors(401)
  markAllRead(@CurrentUser() user: AuthenticatedUser) {
    return this.notifications.markAllRead(user.id);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: '标为已读 Mark one of my notifications read (404 for anyone else’s)' })
  @ZodResponse({ status: 200, type: NotificationDto })
  @ApiErrors(400, 401, 404)
  markRead(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.notifications.markRead(user.id, id);
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: '通知偏好 My mail preferences (defaults: everything on)' })
  @ApiErrors(401)
  @ZodResponse({ status: 200, type: NotificationPreferencesDto })
  preferences(@CurrentUser() user: AuthenticatedUser) {
    return this.notifications.preferences(user.id);
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: '保存通知偏好 Save my mail preferences' })
  @ApiErrors(400, 401)
  @ZodResponse({ status: 200, type: NotificationPreferencesDto })
  savePreferences(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateNotificationPreferencesDto) {
    return this.notifications.savePreferences(user.id, body);
  }
}
