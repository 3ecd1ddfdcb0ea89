import { ApiProperty } from '@nestjs/swagger';
import { ApiRecord } from '../../common/openapi/api-docs';
import type { ConversionStatus } from '../../conversions/conversion.entity';
import type { BodyContentType, HttpMethod } from './postback-rule.entity';
import type { RuleType } from './rule-matcher';
import { StatusMap } from './status-map-view';

// A rule's settable fields, complete and normalized: what is validated, saved and shown. A class,
// so the OpenAPI document reads the rule views from it.
export class RuleFields {
  name: string;
  type: RuleType;
  // Null: a network-level rule.
  publisherId: number | null;
  // Empty: every offer (a global rule).
  offerIds: number[];
  method: HttpMethod;
  url: string;
  @ApiRecord()
  headers: Record<string, string>;
  body: string | null;
  contentType: BodyContentType | null;
  statuses: ConversionStatus[];
  rejectionReasons: string[];
  events: string[];
  @ApiProperty({ type: StatusMap })
  statusMap: Partial<Record<ConversionStatus, string>>;
  delaySeconds: number;
  maxAttempts: number;
  timeoutMs: number;
  expectBody: string | null;
  presetId: string | null;
  enabled: boolean;
}
