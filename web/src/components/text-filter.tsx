import { Button, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';

interface Props {
  label: string;
  value: string | undefined;
  onChange: (value: string | null) => void;
  placeholder?: string;
  w?: number;
}

// A typed filter lands in the URL on Enter or when the field is left, not on every keystroke
// (each change is a new query).
export function TextFilter({ label, value, onChange, placeholder, w = 190 }: Props) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const next = draft.trim();
    if (next !== (value ?? '')) onChange(next || null);
  };
  return (
    <TextInput
      label={label}
      value={draft}
      placeholder={placeholder}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      w={w}
    />
  );
}

// A time filter: the viewer picks a local time, the URL keeps it as ISO-8601 UTC.
export function TimeFilter({ label, value, onChange, w = 210 }: Omit<Props, 'placeholder'>) {
  return (
    <TextInput
      type="datetime-local"
      label={label}
      value={value ? toLocalInput(value) : ''}
      onChange={(event) => {
        const local = event.currentTarget.value;
        const date = local ? new Date(local) : null;
        onChange(date && !Number.isNaN(date.getTime()) ? date.toISOString() : null);
      }}
      w={w}
    />
  );
}

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

interface RangeProps {
  filters: { from?: string; to?: string };
  onChange: (name: 'from' | 'to', value: string | null) => void;
  // Shown when any filter is set.
  onClear: (() => void) | null;
  labels?: [string, string];
}

// A list's time range (from inclusive, before exclusive, as the API reads them) and the button
// that clears every filter: the end of each list's filter row.
export function TimeRangeFilters({
  filters,
  onChange,
  onClear,
  labels = ['From', 'Before'],
}: RangeProps) {
  return (
    <>
      <TimeFilter label={labels[0]} value={filters.from} onChange={(v) => onChange('from', v)} />
      <TimeFilter label={labels[1]} value={filters.to} onChange={(v) => onChange('to', v)} />
      {onClear && (
        <Button variant="subtle" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </>
  );
}
