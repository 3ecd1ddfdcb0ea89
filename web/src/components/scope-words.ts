// A rule's scope in words (SPEC §6): global = every offer, local = listed offers, which win
// over the same publisher's global rules of that type.
export interface ScopeNames {
  publisher: (id: number) => string;
  offer: (id: number) => string;
}

export interface ScopeText {
  short: string;
  kind: 'global' | 'local';
  explanation: string;
}

const MAX_NAMED_OFFERS = 3;

export function scopeWords(
  scope: { publisherId: number | null; offerIds: number[] },
  names: ScopeNames,
): ScopeText {
  const whose =
    scope.publisherId === null
      ? 'every publisher (network-level)'
      : `publisher ${names.publisher(scope.publisherId)}`;
  if (scope.offerIds.length === 0) {
    return {
      short: `All offers of ${whose}`,
      kind: 'global',
      explanation: `All offers of ${whose} — global: fires for every offer unless a local rule covers it.`,
    };
  }
  const named = scope.offerIds.slice(0, MAX_NAMED_OFFERS).map(names.offer);
  const more = scope.offerIds.length - named.length;
  const offers = `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  return {
    short: `Offer${scope.offerIds.length > 1 ? 's' : ''} ${offers} of ${whose}`,
    kind: 'local',
    explanation: `Offer${scope.offerIds.length > 1 ? 's' : ''} ${offers} of ${whose} — local: wins over global rules of this type for ${scope.offerIds.length > 1 ? 'these offers' : 'this offer'}.`,
  };
}

// Names from the catalog lists, "#id" for one the list lacks.
export function namesFrom(
  publishers: { id: number; name: string }[] | undefined,
  offers: { id: number; name: string }[] | undefined,
): ScopeNames {
  return { publisher: nameLookup(publishers), offer: nameLookup(offers) };
}

export function nameLookup(items: { id: number; name: string }[] | undefined) {
  const names = new Map(items?.map((item) => [item.id, item.name]));
  return (id: number): string => names.get(id) ?? `#${id}`;
}
