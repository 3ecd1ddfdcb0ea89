import { Button, Group, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';

export const AUDIT_FILTERS = ['entityType', 'entityId', 'actor', 'from', 'to'] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];

export const ENTITY_WORDS: Record<string, string> = {
  postback_rule: 'Postback rule',
  postback_log: 'Postback log',
  advertiser: 'Advertiser',
  offer: 'Offer',
  publisher: 'Publisher',
  user: 'User',
  api_key: 'API key',
  currency_rate: 'Currency rate',
  setting: 'Setting',
  notification_endpoint: 'Notification endpoint',
};

const ANY = 'any';

// A text filter applied on Enter or leaving the field, so typing does not fetch per key.
function TextFilter(props: {
  label: string;
  placeholder: string;
  value: string | undefined;
  onApply: (value: string | null) => void;
  type?: string;
  w?: number;
}) {
  const [text, setText] = useState(props.value ?? '');
  useEffect(() => setText(props.value ?? ''), [props.value]);
  const apply = () => props.onApply(text.trim() || null);
  return (
    <TextInput
      label={props.label}
      placeholder={props.placeholder}
      type={props.type}
      w={props.w ?? 200}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(event) => event.key === 'Enter' && apply()}
    />
  );
}

// datetime-local speaks the viewer's zone; the URL and the API get UTC ISO times.
const toLocalInput = (iso: string | undefined) => {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string | null) => (value ? new Date(value).toISOString() : null);

export function AuditFilters({
  filters,
  setFilter,
  clearFilters,
}: {
  filters: Partial<Record<AuditFilter, string>>;
  setFilter: (name: AuditFilter, value: string | null) => void;
  clearFilters: () => void;
}) {
  return (
    <Group align="flex-end" gap="sm">
      <Select
        label="Entity"
        data={[
          { value: ANY, label: 'Any' },
          ...Object.entries(ENTITY_WORDS).map(([value, label]) => ({ value, label })),
        ]}
        value={filters.entityType ?? ANY}
        onChange={(value) => setFilter('entityType', value === ANY ? null : value)}
        allowDeselect={false}
        w={170}
      />
      <TextFilter
        label="Entity id"
        placeholder="e.g. 12"
        w={120}
        value={filters.entityId}
        onApply={(value) => setFilter('entityId', value)}
      />
      <TextFilter
        label="Actor"
        placeholder="email, key name, user:3"
        value={filters.actor}
        onApply={(value) => setFilter('actor', value)}
      />
      <TextFilter
        label="From"
        placeholder=""
        type="datetime-local"
        value={toLocalInput(filters.from)}
        onApply={(value) => setFilter('from', fromLocalInput(value))}
      />
      <TextFilter
        label="To"
        placeholder=""
        type="datetime-local"
        value={toLocalInput(filters.to)}
        onApply={(value) => setFilter('to', fromLocalInput(value))}
      />
      <Button variant="subtle" onClick={clearFilters}>
        Clear filters
      </Button>
    </Group>
  );
}
