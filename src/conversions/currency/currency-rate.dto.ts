import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { POSITIVE_RATE_PATTERN } from './currency-math';

export class PutCurrencyRateDto {
  // Value of one unit of the currency in BASE_CURRENCY units, e.g. "1.08"; numeric(24,10).
  @ApiProperty({ type: 'string', pattern: POSITIVE_RATE_PATTERN.source, example: '1.08' })
  @Transform(({ value }) =>
    typeof value === 'number' && Number.isFinite(value) ? String(value) : value,
  )
  @Matches(POSITIVE_RATE_PATTERN, {
    message: 'rate must be a positive decimal with at most 10 decimal places, e.g. "1.08"',
  })
  rate: string;
}
