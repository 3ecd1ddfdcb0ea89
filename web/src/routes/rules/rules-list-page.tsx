import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { catalogQueries } from '../../api/catalog';
import { ruleQueries } from '../../api/rules';
import { useMe } from '../../api/session';
import { namesFrom } from '../../components/scope-words';
import { Pager } from '../../components/pager';
import { EmptyState, ErrorState, LoadingState, Refreshing } from '../../components/states';
import { RuleFilters } from './rule-filters';
import { RulesTable } from './rules-table';
import { useRuleFilters } from './use-rule-filters';

export function RulesListPage() {
  const me = useMe();
  const { filters, query, page, setFilter, clearFilters, nextPage, previousPage } =
    useRuleFilters();
  const rules = useQuery(ruleQueries.list(query));
  const publishers = useQuery(catalogQueries.publishers());
  const offers = useQuery(catalogQueries.offers());
  const names = namesFrom(publishers.data?.items, offers.data?.items);
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{me.role === 'admin' ? 'Postback rules' : 'My postback rules'}</Title>
          <Text c="dimmed" size="sm">
            Where a click, impression, conversion or event is reported, and how it is doing.
          </Text>
        </div>
        <Button component={Link} to="/rules/new">
          New rule
        </Button>
      </Group>
      <RuleFilters filters={filters} onChange={setFilter} onClear={clearFilters} />
      {rules.isPending && <LoadingState label="Loading rules" />}
      {rules.isError && <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data && rules.data.items.length === 0 && (
        <EmptyState title={filtered ? 'No rules match these filters.' : 'No postback rules yet.'}>
          <Text c="dimmed" size="sm">
            {filtered ? 'Change or clear the filters to see more.' : 'Create one with New rule.'}
          </Text>
        </EmptyState>
      )}
      {rules.data && rules.data.items.length > 0 && (
        <Refreshing busy={rules.isPlaceholderData}>
          <RulesTable rules={rules.data.items} names={names} />
        </Refreshing>
      )}
      {rules.data && (
        <Pager
          page={page}
          nextCursor={rules.data.nextCursor}
          onNext={nextPage}
          onPrevious={previousPage}
        />
      )}
    </Stack>
  );
}
