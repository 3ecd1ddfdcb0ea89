import { Principal } from '../../common/auth/principal';
import { Offer, OfferStatus } from './offer.entity';

// What each role may see of an offer: publishers never see revenue (nor the advertiser and its
// landing URL), advertisers not the payout. A field a role may not see is left out, not null.
export class OfferView {
  id: number;
  name: string;
  // Admin and advertiser keys only.
  advertiserId?: number;
  url?: string;
  status: OfferStatus;
  // Admin and publisher keys only.
  payout?: string;
  // Admin and advertiser keys only.
  revenue?: string;
  currency: string;
  createdAt: Date;
}

export function offerView(principal: Principal, offer: Offer): OfferView {
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
