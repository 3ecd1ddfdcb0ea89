import { BarChart, ChartTooltip } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import type { OutcomeBucket } from '../../api/overview';
import { EmptyState } from '../../components/states';

const SERIES = [
  { name: 'delivered', label: 'Delivered', color: 'teal.6' },
  { name: 'failed', label: 'Failed', color: 'red.6' },
  { name: 'cancelled', label: 'Cancelled', color: 'gray.5' },
];

const HOUR = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY_HOUR = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

function utc(date: Date): string {
  return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

// Deliveries that finished in each bucket, stacked by outcome; bars in the viewer's time, the
// tooltip with UTC too.
export function OutcomeChart({
  series,
  bucketHours,
}: {
  series: OutcomeBucket[];
  bucketHours: number;
}) {
  const format = bucketHours === 1 ? HOUR : DAY_HOUR;
  const data = series.map((bucket) => ({
    ...bucket,
    label: format.format(new Date(bucket.at)),
    utc: utc(new Date(bucket.at)),
  }));
  const empty = series.every((b) => b.delivered + b.failed + b.cancelled === 0);
  const caption = `Deliveries by outcome, per ${bucketHours === 1 ? 'hour' : `${bucketHours} hours`}`;

  return (
    <Paper withBorder p="md" component="figure" m={0} aria-label={caption}>
      <Title order={3} size="h5" mb="sm">
        {caption}
      </Title>
      {empty ? (
        <EmptyState title="No delivery finished in this window.">
          <Text c="dimmed" size="sm">
            Postbacks show here once rules fire and trackers answer.
          </Text>
        </EmptyState>
      ) : (
        <BarChart
          h={260}
          data={data}
          dataKey="label"
          type="stacked"
          series={SERIES}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          tickLine="y"
          tooltipAnimationDuration={0}
          tooltipProps={{
            content: ({ label, payload }) => (
              <ChartTooltip
                label={`${label} (${(payload?.[0]?.payload as { utc?: string })?.utc ?? ''})`}
                payload={payload}
                series={SERIES}
              />
            ),
          }}
        />
      )}
    </Paper>
  );
}
