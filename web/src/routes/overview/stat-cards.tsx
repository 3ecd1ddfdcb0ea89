import { Anchor, Paper, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Overview } from '../../api/overview';
import { count, intakeLogsLink, logsLink, percent } from './overview-links';

function Stat({
  label,
  value,
  detail,
  link,
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  link?: { to: string; text: string };
}) {
  return (
    <Paper withBorder p="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.3}>
        {value}
      </Text>
      {detail && (
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      )}
      {link && (
        <Anchor component={Link} to={link.to} size="sm">
          {link.text}
        </Anchor>
      )}
    </Paper>
  );
}

// The window's headline numbers, each leading to the list behind it.
export function StatCards({ overview }: { overview: Overview }) {
  const { totals, queue, intake, from } = overview;
  const finished = totals.delivered + totals.failed;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: intake ? 5 : 4 }}>
      <Stat
        label="Delivered"
        value={count(totals.delivered)}
        link={{ to: logsLink({ state: 'delivered', from }), text: 'See delivered postbacks' }}
      />
      <Stat
        label="Failed"
        value={count(totals.failed)}
        detail={totals.cancelled > 0 ? `${count(totals.cancelled)} cancelled` : undefined}
        link={{ to: logsLink({ state: 'failed', from }), text: 'See failed postbacks' }}
      />
      <Stat
        label="Success rate"
        value={percent(overview.successRate)}
        detail={finished > 0 ? `of ${count(finished)} answered` : 'nothing answered yet'}
      />
      <Stat
        label="Pending postbacks"
        value={count(queue.pending)}
        detail={<QueueDetail overview={overview} />}
        link={
          queue.retrying > 0
            ? { to: logsLink({ state: 'retrying' }), text: 'See postbacks waiting to retry' }
            : undefined
        }
      />
      {intake && (
        <Stat
          label="Intake refusals"
          value={count(intake.refused)}
          detail={calls(intake.accepted + intake.duplicate + intake.refused)}
          link={{
            to: intakeLogsLink({ outcome: 'refused', from }),
            text: 'See refused intake calls',
          }}
        />
      )}
    </SimpleGrid>
  );
}

function QueueDetail({ overview }: { overview: Overview }) {
  const { queue } = overview;
  return (
    <>
      {count(queue.due)} due now · {count(queue.retrying)} waiting to retry
      {overview.intake && (
        <Text span display="block" size="sm" c="dimmed">
          {queue.jobs
            ? `Jobs: ${count(queue.jobs.active)} sending, ${count(queue.jobs.waiting + queue.jobs.delayed)} queued`
            : 'The queue (Redis) did not answer'}
        </Text>
      )}
    </>
  );
}

function calls(n: number): string {
  return `of ${count(n)} advertiser ${n === 1 ? 'call' : 'calls'}`;
}
