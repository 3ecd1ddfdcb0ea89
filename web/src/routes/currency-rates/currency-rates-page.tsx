import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { accessQueries, putCurrencyRate } from '../../api/access';
import { errorText } from '../../api/errors';
import { DateTime } from '../../components/date-time';
import { fieldErrorsOf } from '../../components/field-errors';
import { Section } from '../../components/section';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';

const FIELDS = new Set(['rate']);

// The rates amounts reported in other currencies are converted with (SPEC §5.2), and a form to
// set one.
export function CurrencyRatesPage() {
  const rates = useQuery(accessQueries.currencyRates());
  const base = rates.data?.baseCurrency ?? '';
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { code: '', rate: '' },
    validate: {
      code: (value) =>
        /^[A-Za-z]{3}$/.test(value.trim()) ? null : 'Enter a 3-letter code, e.g. EUR',
      rate: (value) => (value.trim() ? null : 'Enter the rate, e.g. 1.08'),
    },
  });
  const mutation = useMutation({
    mutationFn: ({ code, rate }: { code: string; rate: string }) =>
      putCurrencyRate(code.trim().toUpperCase(), rate.trim()),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: accessQueries.currencyRates().queryKey });
      notifications.show({ color: 'green', message: `1 ${saved.code} = ${saved.rate} ${base}.` });
      form.reset();
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, FIELDS);
      if (errors) form.setErrors(errors);
    },
  });

  return (
    <Stack gap="md" maw={900}>
      <div>
        <Title order={2}>Currency rates</Title>
        <Text c="dimmed" size="sm">
          Amounts an advertiser reports in another currency are converted into the offer’s with
          these rates{base && `: the value of one unit in ${base}`}.
        </Text>
      </div>
      <Section title="Set a rate">
        <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
          <Stack gap="sm">
            {mutation.isError && !fieldErrorsOf(mutation.error, FIELDS) && (
              <Alert color="red" role="alert">
                {errorText(mutation.error)}
              </Alert>
            )}
            <Group align="flex-start">
              <TextInput
                label="Currency"
                placeholder="EUR"
                maxLength={3}
                required
                w={140}
                {...form.getInputProps('code')}
              />
              <TextInput
                label={base ? `Rate (in ${base})` : 'Rate'}
                placeholder="1.08"
                required
                w={220}
                {...form.getInputProps('rate')}
              />
              <Button type="submit" mt={25} loading={mutation.isPending}>
                Save rate
              </Button>
            </Group>
          </Stack>
        </form>
      </Section>
      {rates.isPending && <LoadingState label="Loading rates" />}
      {rates.isError && <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />}
      {rates.data && rates.data.items.length === 0 && (
        <EmptyState title="No rates yet.">
          <Text c="dimmed" size="sm">
            Amounts in a currency without a rate are recorded at the offer’s payout and revenue.
          </Text>
        </EmptyState>
      )}
      {rates.data && rates.data.items.length > 0 && (
        <Table striped verticalSpacing="sm" aria-label="Currency rates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Currency</Table.Th>
              <Table.Th>Rate</Table.Th>
              <Table.Th>Updated</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rates.data.items.map((rate) => (
              <Table.Tr key={rate.code}>
                <Table.Td fw={500}>{rate.code}</Table.Td>
                <Table.Td>
                  1 {rate.code} = {rate.rate} {base}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DateTime value={rate.updatedAt} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    aria-label={`Change ${rate.code}`}
                    onClick={() => form.setValues({ code: rate.code, rate: rate.rate })}
                  >
                    Change
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
