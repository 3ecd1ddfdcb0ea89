import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { governanceQueries } from '../../api/governance';
import type { RuleRevision } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { FieldChanges } from '../../components/field-changes';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { AuditTable } from '../audit/audit-table';

const REVISION_WORDS: Record<RuleRevision['state'], { label: string; color: string }> = {
  approved: { label: 'Approved', color: 'green' },
  pending: { label: 'Waiting for approval', color: 'blue' },
  rejected: { label: 'Rejected', color: 'red' },
  superseded: { label: 'Replaced by a newer change', color: 'gray' },
};

const ENTRIES_SHOWN = 50;

// A rule's History tab: its revisions of where and what it sends, and its audit entries.
export function RuleHistory({ ruleId }: { ruleId: number }) {
  const revisions = useQuery(governanceQueries.revisions(ruleId));
  const entries = useQuery(
    governanceQueries.audit({
      entityType: 'postback_rule',
      entityId: String(ruleId),
      limit: ENTRIES_SHOWN,
    }),
  );
  return (
    <Stack gap="lg">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Revisions
        </Title>
        {revisions.isPending && <LoadingState label="Loading revisions" />}
        {revisions.isError && (
          <ErrorState error={revisions.error} onRetry={() => void revisions.refetch()} />
        )}
        {revisions.data?.map((revision) => (
          <RevisionCard key={revision.n} revision={revision} />
        ))}
      </Stack>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Audit entries
          </Title>
          <Anchor component={Link} to={`/audit?entityType=postback_rule&entityId=${ruleId}`}>
            Open in the audit log
          </Anchor>
        </Group>
        {entries.isPending && <LoadingState label="Loading audit entries" />}
        {entries.isError && (
          <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
        )}
        {entries.data?.items.length === 0 && <EmptyState title="No audit entries yet." />}
        {entries.data && entries.data.items.length > 0 && (
          <AuditTable entries={entries.data.items} />
        )}
      </Stack>
    </Stack>
  );
}

function RevisionCard({ revision }: { revision: RuleRevision }) {
  const words = REVISION_WORDS[revision.state];
  return (
    <Card withBorder padding="sm" component="article" aria-label={`Revision ${revision.n}`}>
      <Stack gap={6}>
        <Group gap="sm">
          <Text fw={600}>Revision {revision.n}</Text>
          <Badge color={words.color} variant="light">
            {words.label}
          </Badge>
          <Text size="sm" c="dimmed">
            by {revision.author.label}, <DateTime value={revision.createdAt} />
          </Text>
        </Group>
        <FieldChanges changes={revision.changes} />
        {revision.decidedBy && (revision.state === 'approved' || revision.state === 'rejected') && (
          <Text size="sm" c="dimmed">
            {words.label} by {revision.decidedBy}, <DateTime value={revision.decidedAt} />
            {revision.reason ? ` — reason: ${revision.reason}` : ''}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
