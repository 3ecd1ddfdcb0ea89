import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage({ what = 'This page' }: { what?: string }) {
  return (
    <Stack align="flex-start" gap="sm" py="xl">
      <Title order={2}>Not found</Title>
      <Text>{what} does not exist, or you may not see it.</Text>
      <Button component={Link} to="/" variant="light">
        Go to the start page
      </Button>
    </Stack>
  );
}
