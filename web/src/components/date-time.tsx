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
