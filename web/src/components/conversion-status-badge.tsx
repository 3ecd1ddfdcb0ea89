import { Badge } from '@mantine/core';
import type { ConversionStatus } from '../api/types';

export const CONVERSION_STATUS_WORDS: Record<ConversionStatus, { label: string; color: string }> = {
  approved: { label: 'Approved', color: 'green' },
  pending: { label: 'Pending', color: 'yellow' },
  rejected: { label: 'Rejected', color: 'red' },
};

export function ConversionStatusBadge({ status }: { status: ConversionStatus }) {
  const words = CONVERSION_STATUS_WORDS[status];
  return (
    <Badge color={words.color} variant="light" miw="max-content">
      {words.label}
    </Badge>
  );
}
