import { IsObject, IsOptional } from 'class-validator';

// Field name → value; each value is checked against the preset's own field list.
export class RenderPresetDto {
  @IsOptional()
  @IsObject()
  fields?: Record<string, unknown>;
}
