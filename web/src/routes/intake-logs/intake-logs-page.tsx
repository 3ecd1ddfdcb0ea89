import { Anchor, Badge, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { catalogQueries } from '../../api/catalog';
import {
  CONVERSIONS_PAGE_SIZE,
  conversionQueries,
  type IntakeLogListQuery,
} from '../../api/conversions';
import { useMe } from '../../api/session';
import type { IntakeLog, IntakeOutcome } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { FilterSelect, optionsFromWords, optionsOf } from '../../components/filter-select';
import { ListResult } from '../../components/list-result';
import { nameLookup } from '../../components/scope-words';
import { TimeRangeFilters } from '../../components/text-filter';
import { useUrlList } from '../../components/use-url-list';
import { INTAKE_WARNING_WORDS, intakeErrorWords } from './intake-words';

const FILTER_NAMES = ['advertiserId', 'outcome', 'from', 'to'] as const;
const OUTCOME_WORDS: Record<IntakeOutcome, { label: string; color: string }> = {
  accepted: { label: 'Accepted', color: 'green' },
  duplicate: { label: 'Duplicate', color: 'gray' },
  refused: { label: 'Refused', color: 'red' },
};

// Every advertiser S2S request, accepted or refused, and why (SPEC §5.2).
export function IntakeLogsPage() {
  const me = useMe();
  const list = useUrlList(FILTER_NAMES);
  const { filters } = list;
  const query: IntakeLogListQuery = { limit: CONVERSIONS_PAGE_SIZE };
  if (filters.advertiserId) query.advertiserId = Number(filters.advertiserId);
  if (filters.outcome) query.outcome = filters.outcome as IntakeOutcome;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (list.cursor) query.cursor = list.cursor;
  const logs = useQuery(conversionQueries.intakeLogs(query));
  const advertisers = useQuery({ ...catalogQueries.advertisers(), enabled: me.role === 'admin' });
  const advertiserName = nameLookup(advertisers.data?.items);
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Intake logs</Title>
        <Text c="dimmed" size="sm">
          Every conversion postback an advertiser&apos;s server sent, what became of it and why.
        </Text>
      </div>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <FilterSelect
          label="Outcome"
          value={filters.outcome}
          onChange={(v) => list.setFilter('outcome', v)}
          options={optionsFromWords(OUTCOME_WORDS)}
        />
        {me.role === 'admin' && (
          <FilterSelect
            label="Advertiser"
            value={filters.advertiserId}
            onChange={(v) => list.setFilter('advertiserId', v)}
            options={optionsOf(advertisers.data?.items)}
          />
        )}
        <TimeRangeFilters
          filters={filters}
          onChange={list.setFilter}
          onClear={filtered ? list.clearFilters : null}
        />
      </Group>
      <ListResult
        result={logs}
        loading="Loading intake logs"
        filtered={filtered}
        noun="requests"
        empty={{
          title: 'No requests yet.',
          hint: 'Requests to an advertiser postback URL show here, accepted or not.',
        }}
        paging={list}
      >
        {(items) => (
          <Table.ScrollContainer minWidth={900}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Received</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  {me.role === 'admin' && <Table.Th>Advertiser</Table.Th>}
                  <Table.Th>Why</Table.Th>
                  <Table.Th>Request</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((log) => (
                  <IntakeRow
                    key={log.id}
                    log={log}
                    advertiser={
                      me.role === 'admin'
                        ? log.advertiserId === null
                          ? 'Unknown key'
                          : advertiserName(log.advertiserId)
                        : null
                    }
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListResult>
    </Stack>
  );
}

function IntakeRow({ log, advertiser }: { log: IntakeLog; advertiser: string | null }) {
  const outcome = OUTCOME_WORDS[log.outcome];
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={log.receivedAt} />
      </Table.Td>
      <Table.Td>
        <Badge color={outcome.color} variant="light" miw="max-content">
          {outcome.label}
        </Badge>
      </Table.Td>
      {advertiser !== null && <Table.Td>{advertiser}</Table.Td>}
      <Table.Td>
        {log.errorCode && <Text size="sm">{intakeErrorWords(log.errorCode)}</Text>}
        {log.conversionId && (
          <Anchor component={Link} to={`/conversions/${log.conversionId}`} size="sm">
            Conversion
          </Anchor>
        )}
        {log.warnings.map((w) => (
          <Text key={w} size="xs" c="orange.8">
            {INTAKE_WARNING_WORDS[w] ?? w}
          </Text>
        ))}
      </Table.Td>
      <Table.Td>
        <Code style={{ wordBreak: 'break-all' }}>
          {log.method} {log.rawQuery || '(no parameters)'}
        </Code>
      </Table.Td>
    </Table.Tr>
  );
}
