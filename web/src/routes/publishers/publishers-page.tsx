import { catalogQueries, createPublisher } from '../../api/catalog';
import { type PartnerKind, PartnerListPage } from '../../components/partner-list-page';

export const PUBLISHER_STATUS_HELP =
  'A blocked publisher’s clicks are refused (410) and its portal sessions end.';

const PUBLISHERS: PartnerKind = {
  noun: 'publisher',
  title: 'Publishers',
  description: 'The affiliates who send traffic, with their postback rules and users.',
  path: '/publishers',
  statuses: ['active', 'blocked'],
  statusDescription: PUBLISHER_STATUS_HELP,
  list: catalogQueries.publisherPage as PartnerKind['list'],
  create: createPublisher as PartnerKind['create'],
};

export function PublishersPage() {
  return <PartnerListPage kind={PUBLISHERS} />;
}
