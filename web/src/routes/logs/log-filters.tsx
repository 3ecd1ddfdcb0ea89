import { Button, Group, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { ruleQueries } from '../../api/rules';
import { useMe } from '../../api/session';
import { DELIVERY_STATE_WORDS } from '../../components/delivery-state-badge';
import { RULE_TYPE_WORDS } from '../../components/rule-words';
import { TextFilter, TimeFilter } from '../../components/text-filter';
import type { FilterName, Filters } from './use-log-filters';

const ANY = 'any';

interface Props {
  filters: Filters;
  onChange: (name: FilterName, value: string | null) => void;
  onClear: () => void;
}

// Every SPEC §9 filter; each change lands in the URL (use-log-filters.ts).
export function LogFilters({ filters, onChange, onClear }: Props) {
  const me = useMe();
  const publishers = useQuery(catalogQueries.publishers());
  const offers = useQuery(catalogQueries.offers());
  const rules = useQuery(ruleQueries.list({ limit: 500 }));

  const select = (name: FilterName, label: string, data: { value: string; label: string }[]) => (
    <Select
      label={label}
      data={[{ value: ANY, label: 'Any' }, ...data]}
      value={filters[name] ?? ANY}
      onChange={(value) => onChange(name, value === ANY ? null : value)}
      allowDeselect={false}
      searchable={data.length > 8}
      w={190}
      comboboxProps={{ withinPortal: true }}
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
      {select(
        'state',
        'State',
        Object.entries(DELIVERY_STATE_WORDS).map(([value, words]) => ({
          value,
          label: words.label,
        })),
      )}
      {select(
        'type',
        'Type',
        Object.entries(RULE_TYPE_WORDS).map(([value, label]) => ({ value, label })),
      )}
      {select(
        'postbackId',
        'Rule',
        (rules.data?.items ?? []).map((r) => ({
          value: String(r.id),
          label: `${r.name} (#${r.id})`,
        })),
      )}
      {me.role === 'admin' &&
        select(
          'publisherId',
          'Publisher',
          (publishers.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name })),
        )}
      {select(
        'offerId',
        'Offer',
        (offers.data?.items ?? []).map((o) => ({
          value: String(o.id),
          label: `${o.name} (#${o.id})`,
        })),
      )}
      {text('statusCode', 'Status code', 'e.g. 500')}
      {text('transactionId', 'Transaction id')}
      {text('externalTransactionId', 'Publisher click id')}
      {text('conversionId', 'Conversion id')}
      <TimeFilter label="Created from" value={filters.from} onChange={(v) => onChange('from', v)} />
      <TimeFilter label="Created before" value={filters.to} onChange={(v) => onChange('to', v)} />
      {Object.keys(filters).length > 0 && (
        <Button variant="subtle" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
