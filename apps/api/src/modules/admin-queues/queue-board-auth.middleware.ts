import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { QUEUE_BOARD_COOKIE, QueueBoardAccess } from './queue-board-access';

/** In front of every board path (page, static files, its JSON API): 401 without a valid ticket, 403 for non-admins. */
@Injectable()
export class QueueBoardAuthMiddleware implements NestMiddleware {
  constructor(private readonly access: QueueBoardAccess) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const ticket = (req.cookies as Record<string, string> | undefined)?.[QUEUE_BOARD_COOKIE];
    const bearer = /^Bearer\s+(\S{10,4096})$/.exec(req.headers.authorization?.trim() ?? '')?.[1];
    const verdict = await this.access.check({ ticket, bearer });
    if (verdict.ok) return next();
    res.status(verdict.status).json({ code: verdict.code, message: verdict.message });
  }
}
