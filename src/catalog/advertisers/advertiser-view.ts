import { Advertiser, AdvertiserStatus } from './advertiser.entity';

// An advertiser as the API shows it (admin and the advertiser itself): with the full S2S
// postback URL to paste into its system (SPEC §5.2), not just the key, and an example call.
export class AdvertiserView {
  id: number;
  name: string;
  status: AdvertiserStatus;
  postbackKey: string;
  postbackUrl: string;
  postbackUrlExample: string;
  createdAt: Date;
  updatedAt: Date;
}

export function advertiserView(advertiser: Advertiser, publicBaseUrl: string): AdvertiserView {
  // The key is URL-safe base64 (randomToken): it goes in the path as it is.
  const postbackUrl = `${publicBaseUrl}/postback/${advertiser.postbackKey}`;
  return {
    ...advertiser,
    postbackUrl,
    postbackUrlExample: `${postbackUrl}?transaction_id=CLICK_ID&status=approved&payout=12.50&currency=USD&tid=ORDER_ID`,
  };
}
