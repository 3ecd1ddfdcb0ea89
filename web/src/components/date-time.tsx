import { Tooltip } from '@mantine/core';

const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

// The one place times are shown: the viewer's zone, UTC on hover or focus.
export function DateTime({ value }: { value: string | null | undefined }) {
  if (!value) return <>—</>;
  const date = new Date(value);
  const utc = `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  return (
    <Tooltip label={utc} events={{ hover: true, focus: true, touch: false }}>
      <time dateTime={date.toISOString()} tabIndex={0}>
        {LOCAL.format(date)}
      </time>
    </Tooltip>
  );
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

// How far a time is from now, in words ("in 7 days", "2 hours ago").
export function fromNow(value: string, now = Date.now()): string {
  const ms = new Date(value).getTime() - now;
  const [unit, size] = UNITS.find(([, size]) => Math.abs(ms) >= size) ?? UNITS[UNITS.length - 1];
  return RELATIVE.format(Math.round(ms / size), unit);
}
