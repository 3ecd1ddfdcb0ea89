import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { USER_ROLES, UserRole } from '../common/auth/principal';
import { IsEntityId } from '../common/entity-id';
import { RoleBindingDto } from '../common/auth/role-binding.dto';
import { IsOptionalNonNull } from '../common/optional-non-null';
import { PageQueryDto } from '../common/pagination/pagination';

export const PASSWORD_MIN_LENGTH = 10;
// scrypt takes any length; the cap only bounds the work a request can ask for.
const PASSWORD_MAX_LENGTH = 200;

export function IsNewPassword() {
  return applyDecorators(
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, {
      message: `password must be at least ${PASSWORD_MIN_LENGTH} characters`,
    }),
    MaxLength(PASSWORD_MAX_LENGTH),
  );
}

const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

export class CreateUserDto extends RoleBindingDto {
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  // Absent: the answer carries a one-time invite link for the user to choose one.
  @IsOptionalNonNull()
  @IsNewPassword()
  password?: string;
}

// Any subset; changing the role drops a binding the new role doesn't have.
export class UpdateUserDto {
  @IsOptionalNonNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsOptionalNonNull()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @IsOptionalNonNull()
  @IsEntityId()
  publisherId?: number;

  @IsOptionalNonNull()
  @IsEntityId()
  advertiserId?: number;

  // true ends the user's sessions at once.
  @IsOptionalNonNull()
  @IsBoolean()
  disabled?: boolean;

  // Ends the user's other sessions.
  @IsOptionalNonNull()
  @IsNewPassword()
  password?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;
}

export class SignInDto {
  // Any text: an unknown or malformed email answers like a wrong password.
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class AcceptInviteDto {
  @IsNewPassword()
  password: string;
}
