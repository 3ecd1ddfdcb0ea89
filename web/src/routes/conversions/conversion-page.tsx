import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { catalogQueries } from '../../api/catalog';
import { conversionQueries } from '../../api/conversions';
import { logQueries } from '../../api/logs';
import { useMe } from '../../api/session';
import type { ConversionWithHistory } from '../../api/types';
import { ConversionStatusBadge } from '../../components/conversion-status-badge';
import { DateTime } from '../../components/date-time';
import { DeliveryStateBadge } from '../../components/delivery-state-badge';
import { FactsTable } from '../../components/facts-table';
import { nameLookup } from '../../components/scope-words';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { money } from './conversions-table';
import { StatusChangeForm } from './status-change-form';

const SOURCE_WORDS = { api: 'API', patch: 'Changed by hand or API', intake: 'Advertiser postback' };

// One conversion: its fields (as the viewer may see them), status history and deliveries.
export function ConversionPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const conversion = useQuery(conversionQueries.detail(id));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Conversion</Title>
          <Text c="dimmed" size="sm" ff="monospace">
            {id}
          </Text>
        </div>
        <Button component={Link} to="/conversions" variant="default">
          All conversions
        </Button>
      </Group>
      {conversion.isPending && <LoadingState label="Loading the conversion" />}
      {conversion.isError && (
        <ErrorState error={conversion.error} onRetry={() => void conversion.refetch()} />
      )}
      {conversion.data && <Facts conversion={conversion.data} />}
      {conversion.data && me.role === 'admin' && <StatusChangeForm conversion={conversion.data} />}
      {conversion.data && <History conversion={conversion.data} />}
      {conversion.data && me.role !== 'advertiser' && <Deliveries conversionId={id} />}
    </Stack>
  );
}

function Facts({ conversion: c }: { conversion: ConversionWithHistory }) {
  const me = useMe();
  const offers = useQuery(catalogQueries.offers());
  // Advertisers may not list publishers: they see the id.
  const publishers = useQuery({
    ...catalogQueries.publishers(),
    enabled: me.role !== 'advertiser',
  });
  const rows: [string, ReactNode][] = [
    ['Status', <ConversionStatusBadge key="s" status={c.status} />],
    ['Offer', nameLookup(offers.data?.items)(c.offerId)],
    ['Publisher', nameLookup(publishers.data?.items)(c.publisherId)],
    ['Event', c.event ?? 'Base conversion'],
    ['Transaction id', c.transactionId],
    ['Advertiser transaction id', c.advertiserTransactionId ?? '—'],
    ['Rejection reason', c.rejectionReason ?? '—'],
    ['Created', <DateTime key="c" value={c.createdAt} />],
    ['Updated', <DateTime key="u" value={c.updatedAt} />],
  ];
  // Only what the API gave this viewer: a publisher's answer has no revenue at all.
  if (c.payout !== undefined) rows.push(['Payout', money(c.payout, c.currency)]);
  if (c.revenue !== undefined) rows.push(['Revenue', money(c.revenue, c.currency)]);
  return <FactsTable rows={rows} labelWidth={220} maw={720} />;
}

function History({ conversion }: { conversion: ConversionWithHistory }) {
  return (
    <Stack gap="xs">
      <Title order={3}>Status history</Title>
      <Table withTableBorder maw={720} aria-label="Status history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {conversion.statusHistory.map((change, i) => (
            <Table.Tr key={i}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DateTime value={change.changedAt} />
              </Table.Td>
              <Table.Td>
                {change.fromStatus ? `${change.fromStatus} → ${change.toStatus}` : change.toStatus}
              </Table.Td>
              <Table.Td>{change.rejectionReason ?? '—'}</Table.Td>
              <Table.Td>{SOURCE_WORDS[change.source] ?? change.source}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

// The postbacks this conversion fired, each a link into the explorer filtered by it.
function Deliveries({ conversionId }: { conversionId: string }) {
  const logs = useQuery(logQueries.list({ conversionId, limit: 50 }));
  const explorer = `/logs?conversionId=${conversionId}`;
  return (
    <Stack gap="xs">
      <Group justify="space-between" maw={720}>
        <Title order={3}>Postbacks fired</Title>
        <Anchor component={Link} to={explorer}>
          Open in postback logs
        </Anchor>
      </Group>
      {logs.isPending && <LoadingState label="Loading its postbacks" />}
      {logs.isError && <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />}
      {logs.data && logs.data.items.length === 0 && (
        <EmptyState title="No postbacks fired for this conversion.">
          <Text c="dimmed" size="sm">
            No rule matched its publisher, offer and status.
          </Text>
        </EmptyState>
      )}
      {logs.data && logs.data.items.length > 0 && (
        <Table withTableBorder maw={720} aria-label="Postbacks fired">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Created</Table.Th>
              <Table.Th>Status reported</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {logs.data.items.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DateTime value={entry.createdAt} />
                </Table.Td>
                <Table.Td>{entry.status ?? '—'}</Table.Td>
                <Table.Td>
                  <DeliveryStateBadge state={entry.state} />
                </Table.Td>
                <Table.Td>{entry.attempts.length}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`${explorer}&entry=${entry.id}`}>
                    Attempts
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
