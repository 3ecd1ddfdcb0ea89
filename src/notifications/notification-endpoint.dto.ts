import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ENTITY_ID_SCHEMA, MAX_ENTITY_ID } from '../common/entity-id';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { IsSigningSecret } from '../postbacks/rules/postback-validators';
import { NOTIFICATION_EVENTS, NotificationEvent } from './notification-events';

export class CreateNotificationEndpointDto {
  // Where notifications are POSTed; a literal private address is refused unless
  // POSTBACK_ALLOWED_CIDRS opens it, a host name is checked when the sender connects.
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an absolute http or https URL' },
  )
  url: string;

  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(NOTIFICATION_EVENTS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_EVENTS, {
    each: true,
    message: `each of events must be one of ${NOTIFICATION_EVENTS.join(', ')}`,
  })
  events: NotificationEvent[];

  // Write-only: kept to sign with, never returned (responses say hasSigningSecret).
  @IsOptional()
  @IsSigningSecret()
  signingSecret?: string | null;

  // Omitted or null from an admin: a network endpoint (every rule's events). A publisher's
  // endpoint hears about that publisher's rules only; a publisher may name only itself.
  @ApiProperty({ ...ENTITY_ID_SCHEMA, nullable: true, required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ENTITY_ID)
  publisherId?: number | null;
}

export class ListNotificationsQueryDto extends PageQueryDto {}
