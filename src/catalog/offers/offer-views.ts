import { Principal } from '../../common/auth/principal';
import { Offer } from './offer.entity';

// What each role may see of an offer: publishers never see revenue, advertisers not the payout.
export function offerView(principal: Principal, offer: Offer) {
  if (principal.role === 'publisher') {
    const { id, name, status, payout, currency, createdAt } = offer;
    return { id, name, status, payout, currency, createdAt };
  }
  if (principal.role === 'advertiser') {
    const { id, name, advertiserId, url, status, revenue, currency, createdAt } = offer;
    return { id, name, advertiserId, url, status, revenue, currency, createdAt };
  }
  const { updatedAt: _updatedAt, ...all } = offer;
  return all;
}
