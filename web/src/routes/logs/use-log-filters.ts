import type { DeliveryState, RuleType } from '../../api/types';
import { type LogFilter, type LogListQuery, LOGS_PAGE_SIZE } from '../../api/logs';
import { useUrlList } from '../../components/use-url-list';

// SPEC §9's filters, named in the URL as in the API, so a link to a view reads like the query.
export const FILTER_NAMES = [
  'postbackId',
  'publisherId',
  'offerId',
  'transactionId',
  'externalTransactionId',
  'conversionId',
  'state',
  'statusCode',
  'type',
  'from',
  'to',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export type Filters = Partial<Record<FilterName, string>>;

// The explorer's filters and page from the URL, as the API's query. A value the API can't read
// (a hand-edited link) is passed on: its 400 says which filter is wrong.
export function useLogFilters() {
  const list = useUrlList(FILTER_NAMES);
  const { filters } = list;
  const filter: LogFilter = {};
  for (const name of ['postbackId', 'publisherId', 'offerId', 'statusCode'] as const) {
    if (filters[name]) filter[name] = Number(filters[name]);
  }
  for (const name of [
    'transactionId',
    'externalTransactionId',
    'conversionId',
    'from',
    'to',
  ] as const) {
    if (filters[name]) filter[name] = filters[name] as never;
  }
  if (filters.state) filter.state = filters.state as DeliveryState;
  if (filters.type) filter.type = filters.type as RuleType;
  const query: LogListQuery = { ...filter, limit: LOGS_PAGE_SIZE };
  if (list.cursor) query.cursor = list.cursor;
  return { ...list, filter, query };
}
