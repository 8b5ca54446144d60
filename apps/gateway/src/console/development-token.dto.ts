import { IsIn, IsString, Matches } from 'class-validator';
import { Role, ROLES } from '@followup/contracts';

/** Who the development login signs in as: any role, any user, any tenant (a development tool only). */
export class DevelopmentTokenRequestDto {
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  sub: string;

  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/)
  tenant: string;

  @IsIn(ROLES)
  role: Role;
}
