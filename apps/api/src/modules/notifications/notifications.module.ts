import { DynamicModule, Global, Module } from '@nestjs/common';
import { NotificationRepository } from './notification.repository';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/**
 * Global: the workflow's notify processor and the reminders record through NotificationsService in every process
 * (API and worker); the `me` routes exist only where HTTP is served.
 */
@Global()
@Module({})
export class NotificationsModule {
  static forConfig(options: { http: boolean }): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: options.http ? [NotificationsController] : [],
      providers: [NotificationRepository, NotificationsService],
      exports: [NotificationsService],
    };
  }
}
