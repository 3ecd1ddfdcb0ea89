import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

// A titled panel of the overview, a region named by its title.
export function OverviewSection({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
