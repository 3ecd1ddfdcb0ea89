import { IsBoolean, IsOptional } from 'class-validator';

// PUT /api/settings: the settings to change; those left out keep their value.
export class UpdateSettingsDto {
  @IsOptional()
  @IsBoolean()
  publisherRulesRequireApproval?: boolean;
}
