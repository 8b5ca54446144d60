import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '@followup/contracts';
import { AuthenticatedUser } from './authenticated-user';

export const IS_PUBLIC = 'followup:is-public';
export const REQUIRED_ROLES = 'followup:required-roles';

/** The route needs no token (health, API docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => context.switchToHttp().getRequest().user,
);
