import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, createAbility, defineRulesFor, type Action, type SubjectName } from '@evalflow/domain';
import { AuthService } from '../modules/auth/auth.service';
import type { AuthenticatedRequest } from './authenticated-user';
import { IS_PUBLIC, REQUIRED_PERMISSION } from './decorators';

/**
 * Global guard: every route needs a valid Bearer token unless marked @Public(); a route's @RequirePermission is
 * checked against the user's ability here (the loaded record is checked again in the service).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & Partial<AuthenticatedRequest>>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <accessToken>');
    const user = await this.auth.authenticate(token);
    if (!user) throw new DomainError('TOKEN_INVALID', 'The access token is not valid or has expired');
    request.user = user;
    request.ability = createAbility(defineRulesFor(user));
    const required = this.reflector.getAllAndOverride<{ action: Action; subject: SubjectName } | undefined>(REQUIRED_PERMISSION, targets);
    if (required && !request.ability.can(required.action, required.subject)) {
      throw new DomainError('FORBIDDEN', `not allowed to ${required.action} ${required.subject}`);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header.trim());
  return match ? match[1] : null;
}
