import type { ConversionStatus } from '../../conversions/conversion.entity';
import type { RuleType } from './rule-matcher';

// The values the rule DTOs validate against and the rule fields default to; a file of their own
// so the DTOs and rule-fields (which types its input by a DTO) don't import each other.
export const RULE_TYPES: readonly RuleType[] = ['click', 'impression', 'conversion', 'event'];
export const DEFAULT_STATUSES: readonly ConversionStatus[] = ['approved'];
