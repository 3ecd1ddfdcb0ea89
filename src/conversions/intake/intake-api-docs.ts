import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-docs';
import { PARAM_LIMITS } from './intake-params';

// The S2S intake's parameters for the OpenAPI document (SPEC §5.2). They are read by hand
// (intake-params.ts), leniently, from the query and a form body alike: no DTO to read them from.
const PARAM_MEANINGS: Readonly<Record<string, string>> = {
  transaction_id: 'The network’s click id (transactionId); one of it and its aliases is required',
  clickid: 'Alias of transaction_id',
  click_id: 'Alias of transaction_id',
  subid: 'Alias of transaction_id',
  status:
    'approved, pending or rejected, or a synonym (sale, confirmed, lead, hold, declined, trash); absent = approved',
  payout: 'Publisher payout, a decimal (a lone decimal comma is read as a point)',
  revenue: 'Network revenue, a decimal',
  currency: 'ISO 4217 code of payout and revenue, when not the offer’s',
  tid: 'The advertiser’s own transaction id (a new one is a new conversion)',
  event: 'Goal name; absent = the base conversion',
  goal: 'Alias of event',
  rejection_reason: 'Why a rejected conversion was rejected',
  return: 'The text to answer instead of OK, or gif for a 1×1 GIF',
  approved_status: 'Comma-separated words of the advertiser’s that mean approved',
  pending_status: 'Comma-separated words that mean pending',
  rejected_status: 'Comma-separated words that mean rejected',
};

const paramSchema = (name: string) => ({
  type: 'string' as const,
  maxLength: PARAM_LIMITS[name],
  description: PARAM_MEANINGS[name],
});

export function ApiIntakeOperation(method: 'GET' | 'POST') {
  const names = Object.keys(PARAM_LIMITS);
  const form =
    method === 'POST'
      ? [
          ApiConsumes('application/x-www-form-urlencoded'),
          ApiBody({
            required: false,
            description: 'The same parameters as a form; a form field wins over the query’s',
            schema: {
              type: 'object',
              properties: Object.fromEntries(names.map((name) => [name, paramSchema(name)])),
            },
          }),
        ]
      : [];
  return applyDecorators(
    ApiOperation({
      summary:
        method === 'GET'
          ? 'Advertiser S2S postback: record a conversion from query parameters'
          : 'Advertiser S2S postback: record a conversion from query or form parameters',
      description:
        'Every request, accepted or not, is kept in the intake log (GET /api/intake-logs).',
    }),
    ...names.map((name) => ApiQuery({ name, required: false, schema: paramSchema(name) })),
    ...form,
    ApiOkResponse({
      description: 'Recorded, or a repeat of a recorded conversion: OK, the return text or a GIF',
      content: {
        'text/plain': { schema: { type: 'string', example: 'OK' } },
        'image/gif': { schema: { type: 'string', format: 'binary' } },
      },
    }),
    ApiErrors(
      [400, 'missing_transaction_id, unknown_status, or a parameter too long or malformed'],
      [403, 'advertiser_paused'],
      [404, 'invalid_postback_key or transaction_id_not_found'],
      [409, 'offer_mismatch: the click’s offer belongs to another advertiser'],
    ),
  );
}
