import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../api/errors';
import { approveRule, governanceQueries, rejectRule } from '../../api/governance';
import { ruleQueries } from '../../api/rules';
import type { PostbackRule } from '../../api/types';

// Approve or reject (with a reason) the revision the manager is looking at. A newer one the
// publisher saved meanwhile is refused by the API; the queue then shows that one.
export function DecisionButtons({ rule, revision }: { rule: PostbackRule; revision: number }) {
  const queryClient = useQueryClient();
  const [rejecting, reject] = useDisclosure();
  const [reason, setReason] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ruleQueries.all });
    void queryClient.invalidateQueries({ queryKey: governanceQueries.revisions(rule.id).queryKey });
    void queryClient.invalidateQueries({ queryKey: governanceQueries.auditAll });
  };
  const onError = (error: Error) => {
    notifications.show({ color: 'red', title: 'Not decided', message: errorText(error) });
    refresh();
  };
  const approve = useMutation({
    mutationFn: () => approveRule(rule.id, revision),
    onSuccess: () => {
      notifications.show({ color: 'green', message: `Approved “${rule.name}”: it fires now.` });
      refresh();
    },
    onError,
  });
  const rejection = useMutation({
    mutationFn: () => rejectRule(rule.id, revision, reason.trim()),
    onSuccess: () => {
      notifications.show({ color: 'green', message: `Rejected “${rule.name}”.` });
      reject.close();
      refresh();
    },
    onError,
  });

  return (
    <>
      <Group gap="xs">
        <Button color="green" onClick={() => approve.mutate()} loading={approve.isPending}>
          Approve
        </Button>
        <Button color="red" variant="light" onClick={reject.open}>
          Reject…
        </Button>
      </Group>
      <Modal opened={rejecting} onClose={reject.close} title={`Reject “${rule.name}”`}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim()) rejection.mutate();
          }}
        >
          <Stack>
            <Textarea
              label="Reason"
              description="The publisher sees it on its rule."
              required
              maxLength={500}
              autosize
              minRows={2}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={reject.close}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="red"
                disabled={!reason.trim()}
                loading={rejection.isPending}
              >
                Reject change
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
