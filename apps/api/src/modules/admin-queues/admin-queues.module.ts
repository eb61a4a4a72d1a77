import { Global, Module } from '@nestjs/common';
import { BullBoardModule } from '@bull-board/nestjs';
import { ExpressAdapter } from '@bull-board/express';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { QUEUE_NAMES } from '../../infrastructure/queue/jobs';
import { AuthRepository } from '../auth/auth.repository';
import { QueueBoardAccess } from './queue-board-access';
import { QueueBoardAuthMiddleware } from './queue-board-auth.middleware';
import { QueueBoardController } from './queue-board.controller';

/**
 * Bull Board at /api/admin/queues for system admins: every queue of QUEUE_NAMES (waiting, delayed, active,
 * completed and failed jobs, with retry). Global because the board's root module resolves the auth middleware
 * in its own context, where only global providers are visible.
 */
@Global()
@Module({
  imports: [
    BullBoardModule.forRoot({
      route: '/admin/queues',
      // @bull-board/express 9.10.1 carries its own @bull-board/api 9.10.1 next to our 9.10.2: same shapes at run time,
      // distinct private members for the type checker. Aligning the versions in package.json removes this cast.
      adapter: ExpressAdapter as never,
      middleware: QueueBoardAuthMiddleware,
      boardOptions: { uiConfig: { boardTitle: 'Evalflow 队列', locale: { lng: 'zh-CN' } } },
    }),
    BullBoardModule.forFeature(...QUEUE_NAMES.map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [QueueBoardController],
  providers: [QueueBoardAccess, AuthRepository],
  exports: [QueueBoardAccess],
})
export class AdminQueuesModule {}
