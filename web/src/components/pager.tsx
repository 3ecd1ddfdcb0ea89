import { Button, Group, Text } from '@mantine/core';

interface Props {
  page: number;
  nextCursor: string | null;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
}

// Previous/Next under a cursor-paginated list; hidden when everything fits on one page.
export function Pager({ page, nextCursor, onNext, onPrevious }: Props) {
  if (page === 1 && !nextCursor) return null;
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed">
        Page {page}
      </Text>
      <Group gap="xs">
        <Button variant="default" disabled={page === 1} onClick={onPrevious}>
          Previous
        </Button>
        <Button
          variant="default"
          disabled={!nextCursor}
          onClick={() => nextCursor && onNext(nextCursor)}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
