import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { type CatalogStatus, StatusBadge } from './status-badge';

// The top of an advertiser's, offer's or publisher's page: the way back to its list, its name,
// status and id.
export function DetailHeader({
  back,
  backLabel,
  title,
  status,
  id,
  children,
}: {
  back: string;
  backLabel: string;
  title: string;
  status: CatalogStatus;
  id: number;
  children?: ReactNode;
}) {
  return (
    <Stack gap={4}>
      <Anchor component={Link} to={back} size="sm">
        ← {backLabel}
      </Anchor>
      <Group gap="sm">
        <Title order={2}>{title}</Title>
        <StatusBadge status={status} />
        <Text c="dimmed" size="sm">
          ID {id}
        </Text>
      </Group>
      {children}
    </Stack>
  );
}
