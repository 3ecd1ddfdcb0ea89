import { Badge } from '@mantine/core';

export type CatalogStatus = 'active' | 'paused' | 'blocked';

export const STATUS_WORDS: Record<CatalogStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  blocked: 'Blocked',
};

const COLORS: Record<CatalogStatus, string> = { active: 'green', paused: 'yellow', blocked: 'red' };

// An advertiser's, offer's or publisher's status in words.
export function StatusBadge({ status }: { status: CatalogStatus }) {
  return (
    <Badge variant="light" color={COLORS[status]}>
      {STATUS_WORDS[status]}
    </Badge>
  );
}

export const statusOptions = (statuses: readonly CatalogStatus[]) =>
  statuses.map((value) => ({ value, label: STATUS_WORDS[value] }));
