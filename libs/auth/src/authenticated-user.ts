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

  /** Not a claim: the role that authorised this call, set by RolesGuard from the route's allowed roles. */
  acting_role?: Role;
}
