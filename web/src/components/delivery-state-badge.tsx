import { Badge } from '@mantine/core';
import type { DeliveryState } from '../api/types';

export const DELIVERY_STATE_WORDS: Record<DeliveryState, { label: string; color: string }> = {
  scheduled: { label: 'Scheduled', color: 'blue' },
  retrying: { label: 'Retrying', color: 'yellow' },
  delivered: { label: 'Delivered', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  // Its new rule waits for a manager's approval (SPEC §13).
  held: { label: 'Held for approval', color: 'grape' },
};

// A delivery's state (SPEC §9) as a coloured word, the same in every list.
export function DeliveryStateBadge({ state }: { state: DeliveryState }) {
  const words = DELIVERY_STATE_WORDS[state];
  return (
    <Badge color={words.color} variant="light" miw="max-content">
      {words.label}
    </Badge>
  );
}
