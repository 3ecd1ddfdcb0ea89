import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { FailingRule, PausedRule } from '../../api/overview';
import { DateTime } from '../../components/date-time';
import { count, logsLink, percent } from './overview-links';
import { OverviewSection } from './overview-section';

// Rules that need a look: failing ones (with their last error in words) and paused ones (with
// the reason the system paused them), each leading to its rule and its failed postbacks.
export function FailingRules({ rules, from }: { rules: FailingRule[]; from: string }) {
  return (
    <OverviewSection id="failing-rules" title="Failing rules">
      {rules.length === 0 ? (
        <Text c="dimmed" size="sm">
          No rule is failing: every enabled rule got over 90 % of its postbacks through.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Success</Table.Th>
                <Table.Th>Failed</Table.Th>
                <Table.Th>Retrying</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((rule) => (
                <Table.Tr key={rule.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/rules/${rule.id}`} fw={500}>
                      {rule.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{percent(rule.successRate)}</Table.Td>
                  <Table.Td>{count(rule.failed)}</Table.Td>
                  <Table.Td>{count(rule.retrying)}</Table.Td>
                  <Table.Td>
                    {rule.lastError ? (
                      <Stack gap={0}>
                        <Text size="sm">{rule.lastError.errorText ?? 'failed'}</Text>
                        <Text size="xs" c="dimmed">
                          <DateTime value={rule.lastError.at} />
                        </Text>
                      </Stack>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={logsLink({ postbackId: rule.id, state: 'failed', from })}
                      size="sm"
                      aria-label={`Failed postbacks of ${rule.name}`}
                    >
                      Failed postbacks
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </OverviewSection>
  );
}

export function PausedRules({ rules }: { rules: PausedRule[] }) {
  return (
    <OverviewSection id="paused-rules" title="Paused rules">
      {rules.length === 0 ? (
        <Text c="dimmed" size="sm">
          No rule is paused.
        </Text>
      ) : (
        <Stack gap="sm">
          {rules.map((rule) => (
            <div key={rule.id}>
              <Anchor component={Link} to={`/rules/${rule.id}`} fw={500}>
                {rule.name}
              </Anchor>
              <Text size="sm">{rule.pausedReason}</Text>
              <Text size="xs" c="dimmed">
                Paused <DateTime value={rule.pausedAt} /> · enable it again on its page once the
                tracker is fixed
              </Text>
            </div>
          ))}
          <Anchor component={Link} to="/rules?enabled=false" size="sm">
            All disabled rules
          </Anchor>
        </Stack>
      )}
    </OverviewSection>
  );
}
