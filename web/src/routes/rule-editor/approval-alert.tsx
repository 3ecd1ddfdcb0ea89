import { Alert, Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { useMe } from '../../api/session';
import type { PostbackRule } from '../../api/types';

// Where the rule stands with approval (SPEC §13), in words for whoever is looking.
export function ApprovalAlert({ rule }: { rule: PostbackRule }) {
  const me = useMe();
  const isNew = rule.approvedRevision === null;
  if (rule.approvalState === 'pending') {
    return (
      <Alert color="blue" title="Waiting for approval">
        {isNew
          ? 'A network manager has to approve this rule before it sends anything. Its deliveries are held meanwhile and go out, in order, once approved.'
          : 'Your change to where or what this rule sends waits for a network manager. Until then the approved version shown here keeps firing; the History tab shows the change.'}{' '}
        {me.role === 'admin' && (
          <Anchor component={Link} to="/approvals">
            Review it in the approval queue
          </Anchor>
        )}
      </Alert>
    );
  }
  if (rule.approvalState === 'rejected') {
    return (
      <Alert color="red" title={isNew ? 'Rule rejected' : 'Change rejected'}>
        Reason: {rule.rejectionReason ?? 'none given'}.{' '}
        {isNew
          ? 'It sends nothing. Change it and save to ask again.'
          : 'The approved version keeps firing. Change it and save to ask again.'}
      </Alert>
    );
  }
  return null;
}
