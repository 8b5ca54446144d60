import { CanActivate, Injectable, NotFoundException } from '@nestjs/common';
import { Environment } from '@followup/config';
import { developmentLoginAllowed } from './console-access';

/**
 * Where developmentLoginAllowed says no, the development login does not exist: 404 ROUTE_NOT_FOUND, decided before
 * the body is validated (a guard runs before the pipes), so its answer is the same whatever is posted.
 */
@Injectable()
export class DevelopmentLoginGuard implements CanActivate {
  constructor(private readonly environment: Environment) {}

  canActivate(): boolean {
    if (!developmentLoginAllowed(this.environment)) throw new NotFoundException();
    return true;
  }
}
