import { RULES_PAGE_SIZE, type RuleListQuery } from '../../api/rules';
import type { PresetId, RuleType } from '../../api/types';
import { useUrlList } from '../../components/use-url-list';

export const FILTER_NAMES = ['type', 'publisher', 'offer', 'enabled', 'preset'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export type Filters = Partial<Record<FilterName, string>>;

// The rules list's filters and page, from the URL, as the API's query.
export function useRuleFilters() {
  const list = useUrlList(FILTER_NAMES);
  const { filters } = list;

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
  if (list.cursor) query.cursor = list.cursor;

  return { ...list, query };
}
