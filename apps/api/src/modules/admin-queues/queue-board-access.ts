import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createAbility, defineRulesFor } from '@evalflow/domain';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { AuthRepository } from '../auth/auth.repository';
import { AuthService, toAuthenticatedUser } from '../auth/auth.service';

/** The board's cookie: path-scoped to the board, httpOnly, SameSite=Strict, short-lived. */
export const QUEUE_BOARD_COOKIE = 'evalflow_queue_board';
export const QUEUE_BOARD_PATH = '/api/admin/queues';
export const QUEUE_BOARD_TTL_SECONDS = 30 * 60;

interface BoardClaims {
  sub: string;
  sid: string;
}

export type BoardVerdict = { ok: true; user: AuthenticatedUser } | { ok: false; status: 401 | 403; code: string; message: string };

/**
 * Who may open the queue dashboard (Bull Board). The board is a static page plus its own JSON API, mounted as
 * Express middleware: it never sees our Bearer token, which the web app keeps in memory. So a signed-in system
 * admin asks for a board ticket (POST /api/admin/queue-board/session) and gets it as a cookie that the browser
 * sends to the board's path only. The ticket is signed with a key derived from JWT_SECRET for this purpose alone,
 * so it can never pass as an access token (nor the reverse); it names the session, so signing out ends it, and
 * the user's roles are loaded fresh on every request, so losing the admin role ends it too.
 * API clients may send their Bearer access token to the board instead.
 */
@Injectable()
export class QueueBoardAccess {
  private readonly tickets: JwtService;

  constructor(
    private readonly auth: AuthService,
    private readonly actors: AuthRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const secret = createHmac('sha256', config.JWT_SECRET).update('evalflow queue board ticket').digest('hex');
    this.tickets = new JwtService({ secret, signOptions: { algorithm: 'HS256', expiresIn: QUEUE_BOARD_TTL_SECONDS } });
  }

  issueTicket(user: AuthenticatedUser): Promise<string> {
    return this.tickets.signAsync({ sub: user.id, sid: user.sessionId } satisfies BoardClaims);
  }

  /** Checks a board request: the ticket cookie or a Bearer access token, then the user's permission. */
  async check(credentials: { ticket?: string; bearer?: string }): Promise<BoardVerdict> {
    const user = credentials.ticket ? await this.fromTicket(credentials.ticket) : credentials.bearer ? await this.auth.authenticate(credentials.bearer) : null;
    if (!user) {
      return { ok: false, status: 401, code: 'UNAUTHENTICATED', message: '请从系统管理菜单打开队列面板（Open the queue dashboard from the admin menu; the ticket is missing or expired）' };
    }
    if (!createAbility(defineRulesFor(user)).can('read', 'QueueDashboard')) {
      return { ok: false, status: 403, code: 'FORBIDDEN', message: '仅系统管理员可查看队列面板（Only system administrators may open the queue dashboard）' };
    }
    return { ok: true, user };
  }

  private async fromTicket(ticket: string): Promise<AuthenticatedUser | null> {
    let claims: BoardClaims;
    try {
      claims = await this.tickets.verifyAsync<BoardClaims>(ticket, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    const row = await this.actors.loadActor(claims.sub, claims.sid).catch(() => null);
    if (!row || !row.active || !row.organisationActive) return null;
    return toAuthenticatedUser(row, claims.sid);
  }
}
