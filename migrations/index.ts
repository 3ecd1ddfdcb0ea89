import { CatalogAndApiKeys1763800000000 } from './1763800000000-catalog-and-api-keys';
import { TrackingConversionsPostbacks1763800000001 } from './1763800000001-tracking-conversions-postbacks';
import { DeliveriesByRuleIndex1763800000002 } from './1763800000002-deliveries-by-rule-index';
import { MoneyScale81764600000200 } from './1764600000200-money-scale-8';
import { PendingDeliveriesDue1764600000400 } from './1764600000400-pending-deliveries-due';
import { RulePresetExpectBody1764700000100 } from './1764700000100-rule-preset-expect-body';
import { DeliveriesByRuleTime1764800000100 } from './1764800000100-deliveries-by-rule-time';
import { UsersAndSessions1764900000100 } from './1764900000100-users-and-sessions';
import { AuditLog1765000000100 } from './1765000000100-audit-log';
import { AttemptRequest1765100000100 } from './1765100000100-attempt-request';
import { OverviewRollups1765100000300 } from './1765100000300-overview-rollups';
import { RuleApproval1765100000400 } from './1765100000400-rule-approval';
import { Notifications1765200000100 } from './1765200000100-notifications';

// In order of application; `npm run migration:generate` output must be added here.
export const MIGRATIONS = [
  CatalogAndApiKeys1763800000000,
  TrackingConversionsPostbacks1763800000001,
  DeliveriesByRuleIndex1763800000002,
  MoneyScale81764600000200,
  PendingDeliveriesDue1764600000400,
  RulePresetExpectBody1764700000100,
  DeliveriesByRuleTime1764800000100,
  UsersAndSessions1764900000100,
  AuditLog1765000000100,
  AttemptRequest1765100000100,
  OverviewRollups1765100000300,
  RuleApproval1765100000400,
  Notifications1765200000100,
];
