import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { catalogQueries } from '../../api/catalog';
import { governanceQueries } from '../../api/governance';
import { type RuleListQuery, ruleQueries } from '../../api/rules';
import { Pager } from '../../components/pager';
import { nameLookup } from '../../components/scope-words';
import { EmptyState, ErrorState, LoadingState, Refreshing } from '../../components/states';
import { useUrlList } from '../../components/use-url-list';
import { PendingRuleCard } from './pending-rule-card';

const PAGE_SIZE = 10;

// The approval queue (SPEC §13): publishers' rules and changes waiting for a network manager.
export function ApprovalsPage() {
  const { cursor, page, nextPage, previousPage } = useUrlList([]);
  const query: RuleListQuery = { approvalState: 'pending', limit: PAGE_SIZE };
  if (cursor) query.cursor = cursor;
  const rules = useQuery(ruleQueries.list(query));
  const publishers = useQuery(catalogQueries.publishers());
  const settings = useQuery(governanceQueries.settings());
  const publisher = nameLookup(publishers.data?.items);

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Approval queue</Title>
        <Text c="dimmed" size="sm">
          Publishers’ new rules and changes to where or what a rule sends. Until you approve, the
          approved version keeps firing and a new rule’s deliveries are held.
        </Text>
      </div>
      {rules.isPending && <LoadingState label="Loading the queue" />}
      {rules.isError && <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data && rules.data.items.length === 0 && (
        <EmptyState title="Nothing waits for approval.">
          <Text c="dimmed" size="sm">
            {settings.data?.publisherRulesRequireApproval === false ? (
              <>
                Approval is off: publishers’ changes apply at once. Turn it on in{' '}
                <Anchor component={Link} to="/settings">
                  Settings
                </Anchor>
                .
              </>
            ) : (
              'Publishers’ new rules and changes appear here.'
            )}
          </Text>
        </EmptyState>
      )}
      {rules.data && rules.data.items.length > 0 && (
        <Refreshing busy={rules.isPlaceholderData}>
          <Stack gap="md">
            {rules.data.items.map((rule) => (
              <PendingRuleCard
                key={rule.id}
                rule={rule}
                publisher={rule.publisherId === null ? 'the network' : publisher(rule.publisherId)}
              />
            ))}
          </Stack>
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
