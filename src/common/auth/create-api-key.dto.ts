import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsEntityId } from '../entity-id';
import { USER_ROLES, UserRole } from './principal';

export class CreateApiKeyDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsIn(USER_ROLES)
  role: UserRole;

  // Required for publisher keys, refused for the others (checked in the service too).
  @ValidateIf((o: CreateApiKeyDto) => o.role === 'publisher' || o.publisherId !== undefined)
  @IsEntityId()
  publisherId?: number;

  @ValidateIf((o: CreateApiKeyDto) => o.role === 'advertiser' || o.advertiserId !== undefined)
  @IsEntityId()
  advertiserId?: number;
}
