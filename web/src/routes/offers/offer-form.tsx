import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, type UseMutationResult } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { errorText } from '../../api/errors';
import type { NewOffer, Offer, OfferStatus } from '../../api/types';
import { fieldErrorsOf } from '../../components/field-errors';
import { statusOptions } from '../../components/status-badge';

interface OfferValues {
  name: string;
  advertiserId: string | null;
  url: string;
  status: OfferStatus;
  payout: string;
  revenue: string;
  currency: string;
}

const FIELDS = new Set(['name', 'advertiserId', 'url', 'status', 'payout', 'revenue', 'currency']);

const required = (what: string) => (value: string | null) =>
  value && value.trim() !== '' ? null : `Enter ${what}`;

export function offerValues(offer?: Offer, advertiserId?: string | null): OfferValues {
  return {
    name: offer?.name ?? '',
    advertiserId: offer?.advertiserId ? String(offer.advertiserId) : (advertiserId ?? null),
    url: offer?.url ?? '',
    status: offer?.status ?? 'active',
    payout: offer?.payout ?? '',
    revenue: offer?.revenue ?? '',
    currency: offer?.currency ?? 'USD',
  };
}

// An offer's fields (SPEC §4): to create one or to change it. The form checks only what is
// missing; the API judges amounts and the URL and names the fields it refuses.
export function OfferForm({
  initial,
  submitLabel,
  mutation,
  onCancel,
}: {
  initial: OfferValues;
  submitLabel: string;
  mutation: UseMutationResult<Offer, Error, NewOffer>;
  onCancel?: () => void;
}) {
  const advertisers = useQuery(catalogQueries.advertisers());
  const form = useForm<OfferValues>({
    initialValues: initial,
    validate: {
      name: required('a name'),
      advertiserId: (value) => (value ? null : 'Choose the advertiser'),
      url: required('the landing page URL'),
      payout: required('the payout'),
      revenue: required('the revenue'),
      currency: required('a currency'),
    },
  });
  const submit = form.onSubmit((values) =>
    mutation.mutate(
      {
        name: values.name.trim(),
        advertiserId: Number(values.advertiserId),
        url: values.url.trim(),
        status: values.status,
        payout: values.payout.trim(),
        revenue: values.revenue.trim(),
        currency: values.currency.trim().toUpperCase(),
      },
      {
        onError: (error) => {
          const errors = fieldErrorsOf(error, FIELDS);
          if (errors) form.setErrors(errors);
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {mutation.isError && !fieldErrorsOf(mutation.error, FIELDS) && (
          <Alert color="red" role="alert">
            {errorText(mutation.error)}
          </Alert>
        )}
        <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} />
        <Select
          label="Advertiser"
          placeholder="Choose an advertiser"
          required
          searchable
          data={(advertisers.data?.items ?? []).map((a) => ({
            value: String(a.id),
            label: a.name,
          }))}
          {...form.getInputProps('advertiserId')}
          error={
            form.errors.advertiserId ??
            (advertisers.isError ? errorText(advertisers.error) : undefined)
          }
        />
        <TextInput
          label="Landing page URL"
          description="Where a click is sent. Put {transaction_id} where the advertiser expects the network's click id."
          placeholder="https://advertiser.example/lp?click={transaction_id}"
          required
          {...form.getInputProps('url')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Payout"
            description="Paid to the publisher"
            placeholder="10.00"
            required
            {...form.getInputProps('payout')}
          />
          <TextInput
            label="Revenue"
            description="Paid by the advertiser"
            placeholder="15.00"
            required
            {...form.getInputProps('revenue')}
          />
          <TextInput
            label="Currency"
            description="ISO code, e.g. USD"
            required
            maxLength={3}
            {...form.getInputProps('currency')}
          />
        </SimpleGrid>
        <Select
          label="Status"
          description="A paused offer refuses clicks (410) and is hidden from publishers."
          allowDeselect={false}
          data={statusOptions(['active', 'paused'])}
          {...form.getInputProps('status')}
        />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
