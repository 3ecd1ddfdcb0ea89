// The intake's error and warning codes (SPEC §5.2) in words an advertiser can act on.
export const INTAKE_ERROR_WORDS: Record<string, string> = {
  missing_transaction_id:
    'No transaction id in the request (send transaction_id, clickid, click_id or subid)',
  transaction_id_not_found: 'No click has this transaction id',
  unknown_status:
    'The status word is not known: send approved, pending or rejected, or map yours with approved_status=…',
  invalid_postback_key: 'The postback key in the URL belongs to no advertiser',
  offer_mismatch: "The click's offer belongs to another advertiser",
  advertiser_paused: 'The advertiser is paused',
};

export const INTAKE_WARNING_WORDS: Record<string, string> = {
  payout_rounded: 'payout rounded to 8 decimals',
  revenue_rounded: 'revenue rounded to 8 decimals',
  payout_unparsed: "payout unreadable: the offer's default was used",
  revenue_unparsed: "revenue unreadable: the offer's default was used",
  currency_unknown: "currency without a rate: the offer's defaults were used",
};

export function intakeErrorWords(code: string): string {
  return INTAKE_ERROR_WORDS[code] ?? code.replace(/_/g, ' ');
}
