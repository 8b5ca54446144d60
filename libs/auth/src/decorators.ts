import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '@followup/contracts';
import { AuthenticatedUser } from './authenticated-user';

export const IS_PUBLIC = 'followup:is-public';
export const IS_AUTHENTICATION_OPTIONAL = 'followup:is-authentication-optional';
export const REQUIRED_ROLES = 'followup:required-roles';

/** The route needs no token (health, API docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs no token, but a caller who sends one is authenticated (and refused if it is not valid). */
export const OptionalAuthentication = () => SetMetadata(IS_AUTHENTICATION_OPTIONAL, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => context.switchToHttp().getRequest().user,
);
