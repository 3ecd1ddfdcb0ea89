// The macro catalogue of SPEC §7. Names are binding: trackers and integrations are written against them.

export interface MacroDefinition {
  readonly name: string;
  readonly description: string;
  readonly aliases: readonly string[];
  // Refused in publisher-owned rules: a publisher must never see the network's side.
  readonly networkOnly: boolean;
  // Known at click time, so usable in an offer landing URL.
  readonly click: boolean;
}

// Values keyed by canonical macro name; missing/null/undefined render empty.
export type MacroValues = Partial<Record<string, string | number | null | undefined>>;

function macro(
  name: string,
  description: string,
  flags: { aliases?: string[]; networkOnly?: boolean; click?: boolean } = {},
): MacroDefinition {
  return Object.freeze({
    name,
    description,
    aliases: Object.freeze(flags.aliases ?? []),
    networkOnly: flags.networkOnly ?? false,
    click: flags.click ?? false,
  });
}

const SUBS = [1, 2, 3, 4, 5].map((n) =>
  macro(`sub${n}`, `sub${n} from the tracking link`, { click: true }),
);

export const MACROS: readonly MacroDefinition[] = Object.freeze([
  macro('transaction_id', 'network click id', { click: true }),
  macro('external_transaction_id', "publisher's click id from the tracking link", {
    aliases: ['aff_click_id'],
    click: true,
  }),
  ...SUBS,
  macro('source', 'traffic source from the tracking link', { click: true }),
  macro('offer_id', 'offer id', { click: true }),
  macro('offer_name', 'offer name', { click: true }),
  macro('aff_id', 'publisher (affiliate) id', { aliases: ['publisher_id'], click: true }),
  macro('ip', "click's IP address", { click: true }),
  macro('user_agent', "click's User-Agent", { click: true }),
  macro('click_time', 'click time, unix seconds', { click: true }),
  macro('impression_id', 'impression id (impression postbacks)'),
  macro('conversion_id', 'conversion id'),
  macro('event', 'goal name of a post-conversion event, empty for the base conversion', {
    aliases: ['goal'],
  }),
  macro('conversion_time', 'conversion time, unix seconds'),
  macro('status', "conversion status, mapped by the rule's statusMap"),
  macro('raw_status', 'conversion status as recorded (approved, pending, rejected)'),
  macro('rejection_reason', 'rejection reason given by the advertiser'),
  macro('payout', 'publisher payout, decimal'),
  macro('currency', 'payout currency, ISO 4217'),
  macro('adv_transaction_id', "advertiser's transaction id (tid)"),
  macro('delivery_id', 'delivery id, stable across retries (idempotency)'),
  macro('timestamp', 'fire time, unix seconds', { click: true }),
  macro('random', 'fresh random number per attempt', { click: true }),
  macro('revenue', 'network revenue, decimal (network-only)', { networkOnly: true }),
  macro('advertiser_id', 'advertiser id (network-only)', { networkOnly: true }),
]);

// Maps: plain objects would resolve `{constructor}` or `{__proto__}` through the prototype.
const BY_NAME = new Map<string, MacroDefinition>();
for (const def of MACROS) {
  BY_NAME.set(def.name, def);
  for (const alias of def.aliases) BY_NAME.set(alias, def);
}

export const CANONICAL_MACRO_NAMES: readonly string[] = Object.freeze(MACROS.map((m) => m.name));
export const MACRO_ALIASES: ReadonlyMap<string, string> = new Map(
  MACROS.flatMap((m) => m.aliases.map((alias): [string, string] => [alias, m.name])),
);
export const NETWORK_ONLY_MACROS: ReadonlySet<string> = new Set(
  MACROS.filter((m) => m.networkOnly).map((m) => m.name),
);
export const CLICK_MACROS: ReadonlySet<string> = new Set(
  MACROS.filter((m) => m.click).map((m) => m.name),
);

// Canonical name for a name or alias; undefined when the macro does not exist.
export function canonicalMacroName(name: string): string | undefined {
  return BY_NAME.get(name)?.name;
}

export function macroDefinition(name: string): MacroDefinition | undefined {
  return BY_NAME.get(name);
}

// Realistic values for previews, the linter and test fires. Some contain characters that need
// encoding (spaces, slashes, parentheses) so a preview shows what the receiver really gets.
export const SAMPLE_VALUES: Readonly<Record<string, string>> = Object.freeze({
  transaction_id: '3f2b8c1e-9a4d-4e7b-b6a1-0c5d7e9f2a31',
  external_transaction_id: 'kt9f3a2b1c0d',
  sub1: 'campaign42',
  sub2: 'banner-300x250',
  sub3: 'ios',
  sub4: 'push',
  sub5: 'us-east',
  source: 'facebook',
  offer_id: '12',
  offer_name: 'Summer Sale Sweepstakes',
  aff_id: '7',
  ip: '203.0.113.42',
  user_agent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  click_time: '1718000000',
  impression_id: '8d6e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
  conversion_id: 'c7a1d2e3-4f56-4789-9abc-def012345678',
  event: 'deposit',
  conversion_time: '1718003600',
  status: 'approved',
  raw_status: 'approved',
  rejection_reason: 'duplicate',
  payout: '12.50',
  currency: 'USD',
  adv_transaction_id: 'ORD-2024-000123',
  delivery_id: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e',
  timestamp: '1718003660',
  random: '83920147',
  revenue: '20.00',
  advertiser_id: '3',
});
