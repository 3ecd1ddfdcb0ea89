import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { IntakeSummary } from '../../api/overview';
import { count, intakeLogsLink } from './overview-links';
import { OverviewSection } from './overview-section';

// The intake's refusal codes (SPEC §5.2) in words.
const REFUSAL_WORDS: Record<string, string> = {
  invalid_postback_key: 'Unknown postback key',
  missing_transaction_id: 'No click id in the call',
  transaction_id_not_found: 'Unknown click id',
  unknown_status: 'Status word not understood',
  offer_mismatch: 'Click on another advertiser’s offer',
  advertiser_paused: 'Advertiser paused',
  parameter_too_long: 'A parameter too long',
  validation_failed: 'Unreadable call',
  invalid_status_transition: 'Status change not allowed',
};

// Advertisers' S2S calls the intake refused, by reason: a wrong key or click id in their setup.
export function IntakeRefusals({ intake, from }: { intake: IntakeSummary; from: string }) {
  return (
    <OverviewSection id="intake-refusals" title="Intake refusals">
      {intake.refusals.length === 0 ? (
        <Text c="dimmed" size="sm">
          No advertiser call was refused.
        </Text>
      ) : (
        <>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Calls</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {intake.refusals.map((refusal) => (
                <Table.Tr key={refusal.errorCode}>
                  <Table.Td>
                    <Text size="sm">{REFUSAL_WORDS[refusal.errorCode] ?? refusal.errorCode}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {refusal.errorCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>{count(refusal.count)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Anchor component={Link} to={intakeLogsLink({ outcome: 'refused', from })} size="sm">
            See the refused calls
          </Anchor>
        </>
      )}
    </OverviewSection>
  );
}
