import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Action, AppAbility, SubjectName } from '@evalflow/domain';
import type { AuthenticatedRequest, AuthenticatedUser } from './authenticated-user';

export const IS_PUBLIC = 'evalflow:public';
export const REQUIRED_PERMISSION = 'evalflow:permission';

/** The route needs no sign-in (login, health, the public docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The route guard's coarse check: may the user do `action` on some `subject` at all? The service then checks the
 * loaded record, so a job or another service cannot slip past.
 */
export const RequirePermission = (action: Action, subject: SubjectName) => SetMetadata(REQUIRED_PERMISSION, { action, subject });

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser =>
  context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);

export const CurrentAbility = createParamDecorator((_: unknown, context: ExecutionContext): AppAbility =>
  context.switchToHttp().getRequest<AuthenticatedRequest>().ability,
);
