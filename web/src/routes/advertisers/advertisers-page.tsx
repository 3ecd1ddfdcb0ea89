import { catalogQueries, createAdvertiser } from '../../api/catalog';
import { type PartnerKind, PartnerListPage } from '../../components/partner-list-page';

export const ADVERTISER_STATUS_HELP =
  'A paused advertiser’s postback URL refuses conversions and its portal sessions end.';

const ADVERTISERS: PartnerKind = {
  noun: 'advertiser',
  title: 'Advertisers',
  description: 'The companies whose offers the network runs, and who report conversions.',
  path: '/advertisers',
  statuses: ['active', 'paused'],
  statusDescription: ADVERTISER_STATUS_HELP,
  list: catalogQueries.advertiserPage as PartnerKind['list'],
  create: createAdvertiser as PartnerKind['create'],
};

export function AdvertisersPage() {
  return <PartnerListPage kind={ADVERTISERS} />;
}
