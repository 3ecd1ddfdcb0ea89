import { Advertiser } from '../catalog/advertisers/advertiser.entity';
import { Offer } from '../catalog/offers/offer.entity';
import { Publisher } from '../catalog/publishers/publisher.entity';
import { ApiKey } from '../common/auth/api-key.entity';

// Listed explicitly (no globs) so the app, the CLI and Jest load exactly the same classes.
export const ENTITIES = [ApiKey, Advertiser, Offer, Publisher];
