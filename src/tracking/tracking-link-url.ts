// The public click link a publisher gives its traffic source or tracker (SPEC §12). Pure.

export interface TrackingLinkParts {
  baseUrl: string;
  offerId: number;
  publisherId: number;
  // The tracker's click-id macro (`{subid}`, `${SUBID}`), left as it is so the tracker can
  // substitute it; null = no external_transaction_id parameter.
  clickIdMacro: string | null;
}

// Characters a macro keeps as they are: its own syntax ({} $ [] and the like). Anything that
// would end or split the parameter (&, #, space, +, %) is percent-encoded.
const KEPT = /[A-Za-z0-9\-._~{}$[\]()!*',;:@/|^]/;

export function macroInQuery(macro: string): string {
  return [...macro].map((c) => (KEPT.test(c) ? c : encodeURIComponent(c))).join('');
}

export function trackingLinkUrl(parts: TrackingLinkParts): string {
  const query = `offer_id=${parts.offerId}&aff_id=${parts.publisherId}`;
  const click =
    parts.clickIdMacro === null
      ? ''
      : `&external_transaction_id=${macroInQuery(parts.clickIdMacro)}`;
  return `${parts.baseUrl}/click?${query}${click}`;
}
