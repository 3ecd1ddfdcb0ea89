import { IsDefined, IsOptional, IsString } from 'class-validator';
import { IsEntityId } from '../common/entity-id';
import {
  EXTERNAL_TRANSACTION_ID_MAX,
  FirstValue,
  MaxParamLength,
  SUB_MAX,
} from './tracking-params';

// Text parameters and their limits, for the pipe's fast path (the decorators below are the rule).
export const IMPRESSION_TEXT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  sub1: SUB_MAX,
  sub2: SUB_MAX,
  sub3: SUB_MAX,
  sub4: SUB_MAX,
  sub5: SUB_MAX,
  source: SUB_MAX,
});
export const CLICK_TEXT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  ...IMPRESSION_TEXT_LIMITS,
  external_transaction_id: EXTERNAL_TRANSACTION_ID_MAX,
  aff_click_id: EXTERNAL_TRANSACTION_ID_MAX,
});

// Query parameters of the public tracking links, named as in SPEC §5.1 (snake_case on purpose:
// publishers' trackers build these URLs). Unknown parameters are dropped, not refused.
export interface ImpressionParams {
  offer_id: number;
  aff_id: number;
  sub1?: string;
  sub2?: string;
  sub3?: string;
  sub4?: string;
  sub5?: string;
  source?: string;
}

export interface ClickParams extends ImpressionParams {
  external_transaction_id?: string;
  aff_click_id?: string;
}

export class ImpressionParamsDto implements ImpressionParams {
  @FirstValue()
  @IsDefined({ message: 'offer_id is required' })
  @IsEntityId()
  offer_id: number;

  @FirstValue()
  @IsDefined({ message: 'aff_id is required' })
  @IsEntityId()
  aff_id: number;

  @FirstValue() @IsOptional() @IsString() @MaxParamLength(SUB_MAX) sub1?: string;
  @FirstValue() @IsOptional() @IsString() @MaxParamLength(SUB_MAX) sub2?: string;
  @FirstValue() @IsOptional() @IsString() @MaxParamLength(SUB_MAX) sub3?: string;
  @FirstValue() @IsOptional() @IsString() @MaxParamLength(SUB_MAX) sub4?: string;
  @FirstValue() @IsOptional() @IsString() @MaxParamLength(SUB_MAX) sub5?: string;
  @FirstValue() @IsOptional() @IsString() @MaxParamLength(SUB_MAX) source?: string;
}

export class ClickParamsDto extends ImpressionParamsDto implements ClickParams {
  @FirstValue()
  @IsOptional()
  @IsString()
  @MaxParamLength(EXTERNAL_TRANSACTION_ID_MAX)
  external_transaction_id?: string;

  // Alias of external_transaction_id (SPEC §5.1); the canonical name wins when both are sent.
  @FirstValue()
  @IsOptional()
  @IsString()
  @MaxParamLength(EXTERNAL_TRANSACTION_ID_MAX)
  aff_click_id?: string;
}
