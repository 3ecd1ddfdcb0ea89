// GET /api/offers/:id/tracking-link (SPEC §12).
export class TrackingLinkView {
  // The absolute /click link to give the publisher's tracker.
  url: string;
  offerId: number;
  publisherId: number;
  presetId: string | null;
  // The receiver's click-id macro put in external_transaction_id; null when none is known.
  clickIdMacro: string | null;
  // What the caller should know before using the link (null when nothing).
  note: string | null;
}
