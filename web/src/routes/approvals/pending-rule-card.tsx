import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { governanceQueries } from '../../api/governance';
import type { PostbackRule } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { SideBySide } from '../../components/field-changes';
import { ErrorState, LoadingState } from '../../components/states';
import { DecisionButtons } from './decision-buttons';

const SENDING_FIELDS = ['method', 'url', 'headers', 'body', 'contentType'];

// One rule in the approval queue: what fires now beside what the publisher asks for.
export function PendingRuleCard({ rule, publisher }: { rule: PostbackRule; publisher: string }) {
  const revisions = useQuery(governanceQueries.revisions(rule.id));
  const pending = revisions.data?.find((r) => r.n === rule.pendingRevision);
  const isNew = rule.approvedRevision === null;
  const secretChange = pending?.changes.signingSecret;

  return (
    <Card withBorder padding="md" component="article" aria-label={`Pending rule ${rule.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h4">
              <Anchor component={Link} to={`/rules/${rule.id}`}>
                {rule.name}
              </Anchor>
            </Title>
            <Text size="sm" c="dimmed">
              {isNew ? 'New rule' : 'Change to an approved rule'} of {publisher}
              {pending && (
                <>
                  {' '}
                  · revision {pending.n} by {pending.author.label},{' '}
                  <DateTime value={pending.createdAt} />
                </>
              )}
            </Text>
          </div>
          {pending && <DecisionButtons rule={rule} revision={pending.n} />}
        </Group>
        {revisions.isPending && <LoadingState label="Loading the change" />}
        {revisions.isError && (
          <ErrorState error={revisions.error} onRetry={() => void revisions.refetch()} />
        )}
        {pending && (
          <SideBySide
            fields={SENDING_FIELDS}
            left={isNew ? null : rule}
            right={pending.fields}
            leftLabel={isNew ? 'Approved (nothing yet: a new rule)' : 'Approved (firing now)'}
            rightLabel={`Pending (revision ${pending.n})`}
          />
        )}
        {secretChange && (
          <Text size="sm">
            Signing secret:{' '}
            {secretChange.after === null
              ? 'removed'
              : secretChange.before === null
                ? 'set'
                : 'changed'}{' '}
            (the secret itself is never shown).
          </Text>
        )}
        {isNew && (
          <Text size="sm" c="dimmed">
            Deliveries for this rule are held until you decide: approving sends them in order,
            rejecting cancels them.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
