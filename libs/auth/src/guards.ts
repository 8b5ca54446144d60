import { ExecutionContext, Injectable, CanActivate } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode, FollowupError, Role } from '@followup/contracts';
import { actingRole } from './acting-role';
import { AuthenticatedUser } from './authenticated-user';
import { IS_AUTHENTICATION_OPTIONAL, IS_PUBLIC, REQUIRED_ROLES } from './decorators';

type TokenProblem = { reason: string; message: string };

/** Maps passport-jwt's and jsonwebtoken's failure info to a stable reason a caller can act on. */
export function describeTokenProblem(info: unknown): TokenProblem {
  const name = info instanceof Error ? info.name : '';
  const text = info instanceof Error ? info.message : String(info ?? '');
  if (name === 'TokenExpiredError') return { reason: 'expired', message: 'The bearer token has expired.' };
  // jwks-rsa found no key for the token's `kid` (the algorithm was checked before, in jwtStrategyOptions)
  if (name === 'SigningKeyNotFoundError' || /secret or public key must be provided/i.test(text))
    return { reason: 'unknown_signing_key', message: 'The bearer token is signed with a key this API does not know.' };
  if (/no auth token/i.test(text)) return { reason: 'missing', message: 'The bearer token is missing.' };
  if (/audience/i.test(text)) return { reason: 'wrong_audience', message: 'The bearer token is not for this API.' };
  if (/issuer/i.test(text)) return { reason: 'wrong_issuer', message: 'The bearer token was not issued by a trusted issuer.' };
  if (/signature is required/i.test(text)) return { reason: 'unsigned', message: 'The bearer token is not signed.' };
  if (/signature/i.test(text)) return { reason: 'invalid_signature', message: 'The bearer token signature is invalid.' };
  if (/algorithm/i.test(text))
    return { reason: 'unsupported_algorithm', message: 'The bearer token uses an algorithm this API does not accept.' };
  if (name === 'NotBeforeError') return { reason: 'not_yet_valid', message: 'The bearer token is not valid yet.' };
  return { reason: 'malformed', message: 'The bearer token is invalid.' };
}

/** Guards protect HTTP routes only: Kafka handlers in the same app carry internal, already-authorised traffic. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const anonymous = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization === undefined;
    if (anonymous && this.reflector.getAllAndOverride<boolean>(IS_AUTHENTICATION_OPTIONAL, targets)) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser = AuthenticatedUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error instanceof FollowupError) throw error;
    // passport-jwt reports the key provider's error as a failure, not as an error
    if (info instanceof FollowupError) throw info;
    if (error || !user) {
      const problem = describeTokenProblem(error ?? info);
      throw new FollowupError(ErrorCode.InvalidToken, problem.message, { reason: problem.reason });
    }
    return user;
  }
}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0) return true;
    const user: AuthenticatedUser | undefined = context.switchToHttp().getRequest().user;
    const role = user && actingRole(user.roles, required);
    if (user && role) {
      user.acting_role = role;
      return true;
    }
    throw new FollowupError(ErrorCode.Forbidden, 'Your role does not allow this operation.', { required_roles: required });
  }
}
