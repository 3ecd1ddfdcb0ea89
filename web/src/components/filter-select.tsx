import { Select } from '@mantine/core';

const ANY = 'any';

interface Props {
  label: string;
  value: string | undefined;
  onChange: (value: string | null) => void;
  options: { value: string; label: string }[];
}

// A list filter's select: "Any" clears it; searchable once the options are many.
export function FilterSelect({ label, value, onChange, options }: Props) {
  return (
    <Select
      label={label}
      data={[{ value: ANY, label: 'Any' }, ...options]}
      value={value ?? ANY}
      onChange={(next) => onChange(next === ANY ? null : next)}
      allowDeselect={false}
      searchable={options.length > 8}
      w={190}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

// Options from a catalog list: "Name (#id)" when ids tell same-named entries apart.
export function optionsOf(
  items: { id: number; name: string }[] | undefined,
  withId = false,
): { value: string; label: string }[] {
  return (items ?? []).map((item) => ({
    value: String(item.id),
    label: withId ? `${item.name} (#${item.id})` : item.name,
  }));
}

// Options from a words table (state → its label).
export function optionsFromWords(
  words: Record<string, string | { label: string }>,
): { value: string; label: string }[] {
  return Object.entries(words).map(([value, w]) => ({
    value,
    label: typeof w === 'string' ? w : w.label,
  }));
}
