import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { RoleBindingDto } from './role-binding.dto';

export class CreateApiKeyDto extends RoleBindingDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}
