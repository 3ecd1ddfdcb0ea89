import { AuditEntry } from '../audit/audit-entry.entity';
import { Advertiser } from '../catalog/advertisers/advertiser.entity';
import { Offer } from '../catalog/offers/offer.entity';
import { Publisher } from '../catalog/publishers/publisher.entity';
import { ApiKey } from '../common/auth/api-key.entity';
import { Conversion } from '../conversions/conversion.entity';
import { ConversionStatusChange } from '../conversions/conversion-status-change.entity';
import { CurrencyRate } from '../conversions/currency-rate.entity';
import { IntakeLog } from '../conversions/intake-log.entity';
import { DeliveryAttempt } from '../deliveries/delivery-attempt.entity';
import { Delivery } from '../deliveries/delivery.entity';
import { PostbackRule } from '../postbacks/rules/postback-rule.entity';
import { RuleRevision } from '../postbacks/rules/rule-revision.entity';
import { Setting } from '../settings/setting.entity';
import { Click } from '../tracking/click.entity';
import { Impression } from '../tracking/impression.entity';
import { PortalLink } from '../users/portal-link.entity';
import { Session } from '../users/session.entity';
import { User } from '../users/user.entity';

// Listed explicitly (no globs) so the app, the CLI and Jest load exactly the same classes.
export const ENTITIES = [
  ApiKey,
  Advertiser,
  Offer,
  Publisher,
  Click,
  Impression,
  Conversion,
  ConversionStatusChange,
  IntakeLog,
  CurrencyRate,
  PostbackRule,
  Delivery,
  DeliveryAttempt,
  User,
  Session,
  PortalLink,
  AuditEntry,
  Setting,
  RuleRevision,
];
