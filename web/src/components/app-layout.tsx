import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { signOut } from '../api/auth';
import { errorText } from '../api/errors';
import { meQuery, useMe } from '../api/session';
import type { Role } from '../api/types';
import { ROLE_WORDS } from './role-words';

interface Screen {
  to: string;
  label: string;
}

// Only screens that exist, per role.
const SCREENS: Record<Role, Screen[]> = {
  admin: [
    { to: '/overview', label: 'Overview' },
    { to: '/rules', label: 'Postback rules' },
    { to: '/logs', label: 'Postback logs' },
    { to: '/conversions', label: 'Conversions' },
    { to: '/intake-logs', label: 'Intake logs' },
    { to: '/approvals', label: 'Approval queue' },
    { to: '/advertisers', label: 'Advertisers' },
    { to: '/offers', label: 'Offers' },
    { to: '/publishers', label: 'Publishers' },
    { to: '/users', label: 'Users' },
    { to: '/api-keys', label: 'API keys' },
    { to: '/currency-rates', label: 'Currency rates' },
    { to: '/audit', label: 'Audit log' },
    { to: '/notifications', label: 'Notifications' },
    { to: '/settings', label: 'Settings' },
  ],
  publisher: [
    { to: '/overview', label: 'Overview' },
    { to: '/rules', label: 'My postback rules' },
    { to: '/logs', label: 'Postback logs' },
    { to: '/conversions', label: 'Conversions' },
    { to: '/tracking-links', label: 'Tracking links' },
    { to: '/audit', label: 'Audit log' },
    { to: '/notifications', label: 'Notifications' },
  ],
  advertiser: [
    { to: '/postback-url', label: 'Postback URL' },
    { to: '/conversions', label: 'Conversions' },
    { to: '/intake-logs', label: 'Intake logs' },
  ],
};

export function AppLayout() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meQuery.queryKey, null);
      void navigate('/sign-in', { replace: true });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={1} size="h4">
              Postback Manager
            </Title>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Text size="sm" visibleFrom="xs">
              {me.name}{' '}
              <Text span c="dimmed">
                ({ROLE_WORDS[me.role].toLowerCase()})
              </Text>
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => signOutMutation.mutate()}
              loading={signOutMutation.isPending}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Screens">
        {SCREENS[me.role].map((screen) => (
          <NavLink
            key={screen.to}
            component={Link}
            to={screen.to}
            label={screen.label}
            active={location.pathname.startsWith(screen.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
