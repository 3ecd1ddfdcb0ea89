import { useSearchParams } from 'react-router';
import { RULES_PAGE_SIZE, type RuleListQuery } from '../../api/rules';
import type { PresetId, RuleType } from '../../api/types';

export const FILTER_NAMES = ['type', 'publisher', 'offer', 'enabled', 'preset'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export type Filters = Partial<Record<FilterName, string>>;

// Filters and the page live in the URL, so a view can be shared and survives reload. Pages are
// the cursors followed so far (`?cursor=a&cursor=b`): Next appends one, Previous drops one.
export function useRuleFilters() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const cursors = params.getAll('cursor');

  const query: RuleListQuery = { limit: RULES_PAGE_SIZE };
  if (filters.type) query.type = filters.type as RuleType;
  // The API reads the text "null" as network-level rules (openapi-fetch drops a real null).
  if (filters.publisher) {
    query.publisherId =
      filters.publisher === 'null' ? ('null' as never) : Number(filters.publisher);
  }
  if (filters.offer) query.offerId = Number(filters.offer);
  if (filters.enabled) query.enabled = filters.enabled === 'true';
  if (filters.preset) query.presetId = filters.preset as PresetId; // the API refuses an unknown one
  if (cursors.length > 0) query.cursor = cursors[cursors.length - 1];

  const update = (change: (next: URLSearchParams) => void) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      change(next);
      return next;
    });

  return {
    filters,
    query,
    page: cursors.length + 1,
    setFilter: (name: FilterName, value: string | null) =>
      update((next) => {
        if (value) next.set(name, value);
        else next.delete(name);
        next.delete('cursor');
      }),
    clearFilters: () =>
      update((next) => {
        for (const name of [...FILTER_NAMES, 'cursor']) next.delete(name);
      }),
    nextPage: (cursor: string) => update((next) => next.append('cursor', cursor)),
    previousPage: () =>
      update((next) => {
        const kept = next.getAll('cursor').slice(0, -1);
        next.delete('cursor');
        for (const cursor of kept) next.append('cursor', cursor);
      }),
  };
}
