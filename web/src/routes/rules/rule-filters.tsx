import { Button, Group, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { useMe } from '../../api/session';
import { RULE_TYPE_WORDS } from '../../components/rule-words';
import type { FilterName, Filters } from './use-rule-filters';

const ANY = 'any';

interface Props {
  filters: Filters;
  onChange: (name: FilterName, value: string | null) => void;
  onClear: () => void;
}

// The list's filters; each change lands in the URL (use-rule-filters.ts).
export function RuleFilters({ filters, onChange, onClear }: Props) {
  const me = useMe();
  const publishers = useQuery({ ...catalogQueries.publishers(), enabled: me.role === 'admin' });
  const offers = useQuery(catalogQueries.offers());
  const presets = useQuery(catalogQueries.presets());

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

  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      {select(
        'type',
        'Type',
        Object.entries(RULE_TYPE_WORDS).map(([value, label]) => ({ value, label })),
      )}
      {me.role === 'admin' &&
        select('publisher', 'Publisher', [
          { value: 'null', label: 'Network-level rules' },
          ...(publishers.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name })),
        ])}
      {select(
        'offer',
        'Lists offer',
        (offers.data?.items ?? []).map((o) => ({
          value: String(o.id),
          label: `${o.name} (#${o.id})`,
        })),
      )}
      {select('enabled', 'Enabled', [
        { value: 'true', label: 'Enabled' },
        { value: 'false', label: 'Disabled' },
      ])}
      {select(
        'preset',
        'Built from preset',
        (presets.data ?? []).map((p) => ({ value: p.id, label: p.name })),
      )}
      {Object.keys(filters).length > 0 && (
        <Button variant="subtle" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
