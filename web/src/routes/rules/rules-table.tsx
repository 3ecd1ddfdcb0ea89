import { Anchor, Badge, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { PostbackRule } from '../../api/types';
import { DateTime } from '../../components/date-time';
import { HEALTH_WORDS, RULE_TYPE_WORDS, urlHost } from '../../components/rule-words';
import { type ScopeNames, scopeWords } from '../../components/scope-words';

export function RulesTable({ rules, names }: { rules: PostbackRule[]; names: ScopeNames }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Scope</Table.Th>
            <Table.Th>Sends to</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Health (24h)</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule) => (
            <RuleRow key={rule.id} rule={rule} names={names} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RuleRow({ rule, names }: { rule: PostbackRule; names: ScopeNames }) {
  const scope = scopeWords(rule, names);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/rules/${rule.id}`} fw={500}>
          {rule.name}
        </Anchor>
        {rule.approvalState !== 'approved' && (
          <Badge ml="xs" variant="light" color={rule.approvalState === 'pending' ? 'blue' : 'red'}>
            {rule.approvalState === 'pending' ? 'Waiting for approval' : 'Rejected'}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{RULE_TYPE_WORDS[rule.type]}</Table.Td>
      <Table.Td>
        <Text size="sm">{scope.short}</Text>
        <Text size="xs" c="dimmed">
          {scope.kind === 'local' ? 'Local rule' : 'Global rule'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {rule.method} {urlHost(rule.url)}
        </Text>
      </Table.Td>
      <Table.Td>{rule.enabled ? 'Yes' : 'No'}</Table.Td>
      <Table.Td>
        <HealthCell rule={rule} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={rule.updatedAt} />
      </Table.Td>
    </Table.Tr>
  );
}

function HealthCell({ rule }: { rule: PostbackRule }) {
  const health = rule.health;
  if (!health) return <>—</>;
  const words = HEALTH_WORDS[health.state];
  const counts =
    health.state === 'idle'
      ? 'No deliveries in the last 24 hours'
      : `${health.deliveredLast24h} delivered, ${health.failedLast24h} failed, ${health.retryingLast24h} retrying in the last 24 hours`;
  return (
    <Stack gap={2} align="flex-start">
      <Tooltip label={counts}>
        <Badge color={words.color} variant="light" tabIndex={0}>
          {words.label}
        </Badge>
      </Tooltip>
      {rule.pausedReason && (
        <Text size="xs" c="dimmed">
          Paused: {rule.pausedReason}
        </Text>
      )}
    </Stack>
  );
}
