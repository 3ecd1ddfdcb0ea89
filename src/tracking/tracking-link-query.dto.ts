import { IsOptional } from 'class-validator';
import { IsEntityId } from '../common/entity-id';
import { IsPresetId } from '../postbacks/rules/postback-validators';

// GET /api/offers/:id/tracking-link (SPEC §12).
export class TrackingLinkQueryDto {
  // Required of an admin; a publisher's key defaults to (and may only name) its own.
  @IsOptional()
  @IsEntityId()
  publisherId?: number;

  // The receiver preset whose click-id macro goes into external_transaction_id.
  @IsOptional()
  @IsPresetId()
  presetId?: string;
}
