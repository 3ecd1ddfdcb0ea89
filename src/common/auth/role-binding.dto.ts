import { IsIn, ValidateIf } from 'class-validator';
import { IsEntityId } from '../entity-id';
import { USER_ROLES, UserRole } from './principal';

// A role and its binding in a request that creates a key or a user.
export class RoleBindingDto {
  @IsIn(USER_ROLES)
  role: UserRole;

  // Required for the publisher role, refused for the others (checkRoleBinding says so too).
  @ValidateIf((o: RoleBindingDto) => o.role === 'publisher' || o.publisherId !== undefined)
  @IsEntityId()
  publisherId?: number;

  @ValidateIf((o: RoleBindingDto) => o.role === 'advertiser' || o.advertiserId !== undefined)
  @IsEntityId()
  advertiserId?: number;
}
