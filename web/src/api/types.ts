import type { components } from './schema';

// Response shapes the generated schema does not describe yet (its responses are untyped until the
// server's views are classes the OpenAPI plugin reads), written from src/**/*-view.ts; and
// names for the schema's own types. Request bodies and queries come from schema.d.ts.

export type Role = 'admin' | 'publisher' | 'advertiser';
export type RuleType = components['schemas']['CreatePostbackRuleDto']['type'];
export type HttpMethod = NonNullable<components['schemas']['CreatePostbackRuleDto']['method']>;
export type ContentType = NonNullable<
  components['schemas']['CreatePostbackRuleDto']['contentType']
>;
export type ConversionStatus = 'approved' | 'pending' | 'rejected';
export type RuleBody = Omit<components['schemas']['CreatePostbackRuleDto'], 'statusMap'> & {
  statusMap?: Partial<Record<ConversionStatus, string>> | null;
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Me = components['schemas']['MeView'];

export interface RuleWarning {
  code: string;
  field: string;
  message: string;
  macro?: string;
}

export interface RuleIssue extends RuleWarning {
  position?: number;
}

export type HealthState = 'ok' | 'idle' | 'failing' | 'paused';

export interface HealthBadge {
  state: HealthState;
  deliveredLast24h: number;
  failedLast24h: number;
  retryingLast24h: number;
}

export interface PostbackRule {
  id: number;
  name: string;
  type: RuleType;
  publisherId: number | null;
  offerIds: number[];
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  contentType: ContentType | null;
  statuses: ConversionStatus[];
  rejectionReasons: string[];
  events: string[];
  statusMap: Partial<Record<ConversionStatus, string>>;
  delaySeconds: number;
  maxAttempts: number;
  timeoutMs: number;
  expectBody: string | null;
  presetId: string | null;
  enabled: boolean;
  hasSigningSecret: boolean;
  pausedReason: string | null;
  pausedAt: string | null;
  createdAt: string;
  updatedAt: string;
  // Listed rules only.
  health?: HealthBadge;
}

export type SavedRule = PostbackRule & { warnings: RuleWarning[] };

export interface Preview {
  url: string;
  headers: Record<string, string>;
  body: string | null;
  warnings: RuleWarning[];
  errors: RuleIssue[];
}

export interface PresetField {
  name: string;
  label: string;
  example: string;
  required: boolean;
  pattern?: string;
}

export interface Preset {
  id: string;
  name: string;
  kind: 'tracker' | 'ad_network' | 'crm';
  docsUrl: string;
  fields: PresetField[];
  clickIdMacro: string | null;
  notes: string;
}

export interface Attempt {
  n: number;
  firedAt: string;
  method: string;
  url: string;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  errorMessage: string | null;
  errorText: string | null;
  durationMs: number | null;
}

export interface PostbackLog {
  id: string;
  postbackId: number;
  state: string;
  test: boolean;
  attempts: Attempt[];
}

export interface Publisher {
  id: number;
  name: string;
  status: 'active' | 'blocked';
}

export interface Offer {
  id: number;
  name: string;
  status: 'active' | 'paused';
}

export interface Advertiser {
  id: number;
  name: string;
  postbackUrl: string;
  postbackUrlExample: string;
}

export interface RuleHealth {
  window: '1h' | '24h' | '7d';
  deliveries: Record<string, number>;
  successRate: number | null;
  attemptDurationMs: { p50: number | null; p95: number | null };
  lastError: {
    at: string;
    error: string | null;
    errorText: string | null;
    statusCode: number | null;
  } | null;
  lastSuccessAt: string | null;
  trafficCheck: { macro: string; emptyIn: number; of: number }[];
  warnings: { code: string; message: string; macro: string }[];
}
