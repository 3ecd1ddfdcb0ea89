import { Card, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/errors';
import { governanceQueries, updateSettings } from '../../api/governance';
import type { Settings } from '../../api/types';
import { ErrorState, LoadingState } from '../../components/states';

// Network settings (SPEC §13), for network managers. Each switch saves at once.
export function SettingsPage() {
  const queryClient = useQueryClient();
  const settings = useQuery(governanceQueries.settings());
  const save = useMutation({
    mutationFn: (changes: Partial<Settings>) => updateSettings(changes),
    onSuccess: (saved) => {
      queryClient.setQueryData(governanceQueries.settings().queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: governanceQueries.auditAll });
      notifications.show({
        color: 'green',
        message: saved.publisherRulesRequireApproval
          ? 'Saved: publishers’ rules now wait for approval.'
          : 'Saved: publishers’ changes now apply at once.',
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not saved', message: errorText(error) }),
  });

  return (
    <Stack gap="md" maw={720}>
      <div>
        <Title order={2}>Settings</Title>
        <Text c="dimmed" size="sm">
          How the network works for everyone. Every change is recorded in the audit log.
        </Text>
      </div>
      {settings.isPending && <LoadingState label="Loading settings" />}
      {settings.isError && (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {settings.data && (
        <Card withBorder padding="md">
          <Switch
            label="Publisher rules require approval"
            description="A publisher’s new rule, or its change to the method, URL, headers, body, content type or signing secret, waits in the approval queue. Meanwhile the approved version keeps firing, and a new rule’s deliveries are held, not lost. Your own changes never wait."
            checked={settings.data.publisherRulesRequireApproval}
            disabled={save.isPending}
            onChange={(event) =>
              save.mutate({ publisherRulesRequireApproval: event.currentTarget.checked })
            }
          />
        </Card>
      )}
    </Stack>
  );
}
