import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { catalogQueries } from '../../api/catalog';
import { exportUrl, logQueries } from '../../api/logs';
import { ruleQueries } from '../../api/rules';
import { ListResult } from '../../components/list-result';
import { nameLookup } from '../../components/scope-words';
import { BulkRetry } from './bulk-retry';
import { LogEntryDrawer } from './log-entry-drawer';
import { LogFilters } from './log-filters';
import { LogsTable } from './logs-table';
import { useLogFilters } from './use-log-filters';

// The postback logs explorer (SPEC §9, §11, §14): every delivery with its attempts.
export function LogsPage() {
  const { filters, filter, query, page, setFilter, clearFilters, nextPage, previousPage } =
    useLogFilters();
  // The open entry is in the URL too, so a link can point at one delivery's attempts.
  const [params, setParams] = useSearchParams();
  const openId = params.get('entry');
  const setOpen = (id: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set('entry', id);
      else next.delete('entry');
      return next;
    });

  const logs = useQuery(logQueries.list(query));
  // A publisher's list holds itself only: its own name instead of #id.
  const publishers = useQuery(catalogQueries.publishers());
  const offers = useQuery(catalogQueries.offers());
  const rules = useQuery(ruleQueries.list({ limit: 500 }));
  const names = {
    rule: nameLookup(rules.data?.items),
    publisher: nameLookup(publishers.data?.items),
    offer: nameLookup(offers.data?.items),
  };
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Postback logs</Title>
          <Text c="dimmed" size="sm">
            Every postback fired, with each attempt: what was sent, what the receiver answered.
          </Text>
        </div>
        <Button component="a" href={exportUrl(filter)} download variant="default">
          Export CSV
        </Button>
      </Group>
      <LogFilters filters={filters} onChange={setFilter} onClear={clearFilters} />
      <BulkRetry filter={filter} />
      <ListResult
        result={logs}
        loading="Loading postback logs"
        filtered={filtered}
        noun="postbacks"
        empty={{
          title: 'No postbacks fired yet.',
          hint: 'They appear here as soon as a rule fires for a click or a conversion.',
        }}
        paging={{ page, nextPage, previousPage }}
      >
        {(items) => <LogsTable entries={items} names={names} onOpen={setOpen} />}
      </ListResult>
      <LogEntryDrawer id={openId} names={names} onClose={() => setOpen(null)} />
    </Stack>
  );
}
