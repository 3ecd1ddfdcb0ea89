import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { catalogQueries, updatePublisher } from '../../api/catalog';
import type { Publisher } from '../../api/types';
import { DetailHeader } from '../../components/detail-header';
import { PartnerForm, type PartnerValues } from '../../components/partner-form';
import { PortalLinkPanel } from '../../components/portal-link-panel';
import { Section } from '../../components/section';
import { ErrorState, LoadingState } from '../../components/states';
import { InviteUserModal } from '../users/invite-user-modal';
import { PUBLISHER_STATUS_HELP } from './publishers-page';

// One publisher (SPEC §4, §11): its details, its rules and users, and a portal link.
export function PublisherPage() {
  const id = Number(useParams().id);
  const publisher = useQuery(catalogQueries.publisher(id));
  if (publisher.isPending) return <LoadingState label="Loading the publisher" />;
  if (publisher.isError) {
    return <ErrorState error={publisher.error} onRetry={() => void publisher.refetch()} />;
  }
  return <PublisherDetails publisher={publisher.data} />;
}

function PublisherDetails({ publisher }: { publisher: Publisher }) {
  const queryClient = useQueryClient();
  const [inviting, invite] = useDisclosure();
  const update = useMutation({
    mutationFn: (values: PartnerValues) =>
      updatePublisher(publisher.id, values as Partial<Publisher>),
    onSuccess: (saved) => {
      queryClient.setQueryData(catalogQueries.publisher(saved.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['publishers'] });
      notifications.show({ color: 'green', message: `${saved.name} saved.` });
    },
  });

  return (
    <Stack maw={900} gap="lg">
      <DetailHeader
        back="/publishers"
        backLabel="Publishers"
        title={publisher.name}
        status={publisher.status}
        id={publisher.id}
      >
        <Text size="sm" c="dimmed">
          Its tracking links use <code>aff_id={publisher.id}</code>; build one on an offer’s page.
        </Text>
      </DetailHeader>
      <Section title="Details">
        <PartnerForm
          initial={{ name: publisher.name, status: publisher.status }}
          statuses={['active', 'blocked']}
          statusDescription={PUBLISHER_STATUS_HELP}
          submitLabel="Save changes"
          mutation={update}
        />
      </Section>
      <Section title="Postback rules">
        <Text size="sm">Where this publisher’s clicks and conversions are reported.</Text>
        <Group>
          <Anchor component={Link} to={`/rules?publisher=${publisher.id}`}>
            {publisher.name}'s postback rules
          </Anchor>
          <Button component={Link} to="/rules/new" variant="light" size="xs">
            New rule
          </Button>
        </Group>
      </Section>
      <Section title="Users">
        <Text size="sm">
          People who sign in as {publisher.name} see only its rules, links and traffic.
        </Text>
        <Group>
          <Button variant="light" onClick={invite.open}>
            Invite a user for this publisher
          </Button>
          <Anchor component={Link} to="/users?role=publisher" size="sm">
            Every publisher user
          </Anchor>
        </Group>
      </Section>
      <Section title="Portal link">
        <PortalLinkPanel partner="publisher" id={publisher.id} name={publisher.name} />
      </Section>
      <InviteUserModal
        opened={inviting}
        onClose={invite.close}
        initial={{ role: 'publisher', publisherId: String(publisher.id) }}
      />
    </Stack>
  );
}
