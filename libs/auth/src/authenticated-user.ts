import { ArrayNotEmpty, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Role, ROLES } from '@followup/contracts';

/** The claims a token must carry; anything else in the token is ignored. */
export class AuthenticatedUser {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  sub: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  tenant: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}

export function hasAnyRole(user: AuthenticatedUser, roles: readonly Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}
