import { Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { ruleQueries } from '../../api/rules';
import { useMe } from '../../api/session';
import { DELIVERY_STATE_WORDS } from '../../components/delivery-state-badge';
import { FilterSelect, optionsFromWords, optionsOf } from '../../components/filter-select';
import { RULE_TYPE_WORDS } from '../../components/rule-words';
import { TextFilter, TimeRangeFilters } from '../../components/text-filter';
import type { FilterName, Filters } from './use-log-filters';

interface Props {
  filters: Filters;
  onChange: (name: FilterName, value: string | null) => void;
  onClear: () => void;
}

// Every SPEC §9 filter; each change lands in the URL (use-log-filters.ts).
export function LogFilters({ filters, onChange, onClear }: Props) {
  const me = useMe();
  const publishers = useQuery({ ...catalogQueries.publishers(), enabled: me.role === 'admin' });
  const offers = useQuery(catalogQueries.offers());
  const rules = useQuery(ruleQueries.list({ limit: 500 }));

  const select = (name: FilterName, label: string, options: { value: string; label: string }[]) => (
    <FilterSelect
      label={label}
      value={filters[name]}
      onChange={(value) => onChange(name, value)}
      options={options}
    />
  );
  const text = (name: FilterName, label: string, placeholder?: string) => (
    <TextFilter
      label={label}
      value={filters[name]}
      onChange={(value) => onChange(name, value)}
      placeholder={placeholder}
    />
  );

  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      {select('state', 'State', optionsFromWords(DELIVERY_STATE_WORDS))}
      {select('type', 'Type', optionsFromWords(RULE_TYPE_WORDS))}
      {select('postbackId', 'Rule', optionsOf(rules.data?.items, true))}
      {me.role === 'admin' && select('publisherId', 'Publisher', optionsOf(publishers.data?.items))}
      {select('offerId', 'Offer', optionsOf(offers.data?.items, true))}
      {text('statusCode', 'Status code', 'e.g. 500')}
      {text('transactionId', 'Transaction id')}
      {text('externalTransactionId', 'Publisher click id')}
      {text('conversionId', 'Conversion id')}
      <TimeRangeFilters
        filters={filters}
        onChange={onChange}
        onClear={Object.keys(filters).length > 0 ? onClear : null}
        labels={['Created from', 'Created before']}
      />
    </Group>
  );
}
