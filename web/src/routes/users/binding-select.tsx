import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { errorText } from '../../api/errors';
import type { UseFormReturnType } from '@mantine/form';

const BINDINGS = {
  publisher: {
    field: 'publisherId',
    label: 'Publisher',
    description: 'The publisher whose rules and logs this user sees.',
    placeholder: 'Choose a publisher',
  },
  advertiser: {
    field: 'advertiserId',
    label: 'Advertiser',
    description: 'The advertiser whose postback URL and conversions this user sees.',
    placeholder: 'Choose an advertiser',
  },
} as const;

interface BindingValues {
  publisherId: string | null;
  advertiserId: string | null;
}

// Whom a publisher or advertiser user (or API key) is bound to, from the catalog.
export function BindingSelect<Values extends BindingValues>({
  kind,
  form,
}: {
  kind: keyof typeof BINDINGS;
  form: UseFormReturnType<Values>;
}) {
  const { field, ...labels } = BINDINGS[kind];
  const publishers = useQuery({ ...catalogQueries.publishers(), enabled: kind === 'publisher' });
  const advertisers = useQuery({ ...catalogQueries.advertisers(), enabled: kind === 'advertiser' });
  const options = kind === 'publisher' ? publishers : advertisers;
  const items: { id: number; name: string }[] = options.data?.items ?? [];
  return (
    <Select
      {...labels}
      required
      searchable
      data={items.map((o) => ({ value: String(o.id), label: o.name }))}
      {...form.getInputProps(field)}
      error={form.errors[field] ?? (options.isError ? errorText(options.error) : undefined)}
    />
  );
}
