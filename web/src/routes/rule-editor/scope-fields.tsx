import { Alert, MultiSelect, Select, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../../api/catalog';
import { useMe } from '../../api/session';
import { namesFrom, scopeWords } from '../../components/scope-words';
import { NETWORK_LEVEL, type RuleForm } from './rule-form';

// Whose traffic the rule reports and for which offers, with the result said in words.
export function ScopeFields({ form }: { form: RuleForm }) {
  const me = useMe();
  const publishers = useQuery(catalogQueries.publishers());
  const offers = useQuery(catalogQueries.offers());
  const names = namesFrom(publishers.data?.items, offers.data?.items);
  const { publisher, offerIds } = form.values;
  const scope =
    publisher === ''
      ? null
      : scopeWords(
          {
            publisherId: publisher === NETWORK_LEVEL ? null : Number(publisher),
            offerIds: offerIds.map(Number),
          },
          names,
        );

  return (
    <>
      {me.role === 'admin' ? (
        <Select
          label="Publisher"
          description="Whose traffic the rule reports. Network-level rules fire for every publisher."
          placeholder="Choose a publisher"
          required
          searchable
          data={[
            { value: NETWORK_LEVEL, label: 'Network-level (every publisher)' },
            ...(publishers.data?.items ?? []).map((p) => ({ value: String(p.id), label: p.name })),
          ]}
          {...form.getInputProps('publisher')}
        />
      ) : (
        <TextInput label="Publisher" value={names.publisher(me.publisherId ?? 0)} readOnly />
      )}
      <MultiSelect
        label="Offers"
        description="None chosen: all offers (a global rule). Chosen: only those (a local rule)."
        placeholder={offerIds.length === 0 ? 'All offers' : undefined}
        searchable
        data={(offers.data?.items ?? []).map((o) => ({
          value: String(o.id),
          label: `${o.name} (#${o.id})`,
        }))}
        {...form.getInputProps('offerIds')}
      />
      {(publishers.isError || offers.isError) && (
        <Text size="sm" c="red">
          The publisher or offer list could not be loaded; names show as ids.
        </Text>
      )}
      {scope && (
        <Alert
          color={scope.kind === 'local' ? 'indigo' : 'gray'}
          variant="light"
          title="Scope"
          role="status"
        >
          {scope.explanation}
        </Alert>
      )}
    </>
  );
}
