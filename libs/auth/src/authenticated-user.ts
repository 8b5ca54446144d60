import { ArrayNotEmpty, IsArray, IsIn, IsNotEmpty, IsNotIn, IsString, Matches, MaxLength } from 'class-validator';
import { RESERVED_TENANTS, Role, ROLES, TENANT_PATTERN } from '@followup/contracts';

/** The claims a token must carry; anything else in the token is ignored. */
export class AuthenticatedUser {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  sub: string;

  /** README's pattern; the names the system files its own records under are not a tenant. */
  @IsString()
  @Matches(TENANT_PATTERN)
  @IsNotIn(RESERVED_TENANTS)
  tenant: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}

export function hasAnyRole(user: AuthenticatedUser, roles: readonly Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}
