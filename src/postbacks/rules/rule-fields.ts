import type { PostbackRuleFieldsDto } from './create-postback-rule.dto';
import type { BodyContentType } from './postback-rule.entity';
import { DEFAULT_STATUSES } from './rule-kinds';
import type { RuleFields } from './rule-fields-view';

export const FORM_CONTENT_TYPE: BodyContentType = 'application/x-www-form-urlencoded';

type RuleInput = Partial<PostbackRuleFieldsDto> & { name?: string };

// Every key of RuleFields (the type makes a missing or extra one a compile error).
const RULE_FIELD_KEYS: Record<keyof RuleFields, true> = {
  name: true,
  type: true,
  publisherId: true,
  offerIds: true,
  method: true,
  url: true,
  headers: true,
  body: true,
  contentType: true,
  statuses: true,
  rejectionReasons: true,
  events: true,
  statusMap: true,
  delaySeconds: true,
  maxAttempts: true,
  timeoutMs: true,
  expectBody: true,
  presetId: true,
  enabled: true,
};

// A stored rule's settable fields and nothing else: what an update starts from, what the API shows.
export function ruleFieldsOf(rule: RuleFields): RuleFields {
  const fields: Partial<Record<keyof RuleFields, unknown>> = {};
  for (const key of Object.keys(RULE_FIELD_KEYS) as (keyof RuleFields)[]) fields[key] = rule[key];
  return fields as RuleFields;
}

export function defaultRuleFields(): Omit<RuleFields, 'name' | 'type' | 'url'> {
  return {
    publisherId: null,
    offerIds: [],
    method: 'GET',
    headers: {},
    body: null,
    contentType: null,
    statuses: [...DEFAULT_STATUSES],
    rejectionReasons: [],
    events: [],
    statusMap: {},
    delaySeconds: 0,
    maxAttempts: 8,
    timeoutMs: 10000,
    expectBody: null,
    presetId: null,
    enabled: true,
  };
}

// `base` overlaid with the given fields (undefined = keep, null = none/default), then tidied.
export function mergeRuleFields(base: RuleFields, input: RuleInput): RuleFields {
  const given = <K extends keyof RuleInput>(key: K) => input[key] !== undefined;
  const rule: RuleFields = { ...base };
  if (input.name !== undefined) rule.name = input.name;
  if (input.type !== undefined) rule.type = input.type;
  if (input.url !== undefined) rule.url = input.url;
  if (input.method !== undefined) rule.method = input.method;
  if (input.delaySeconds !== undefined) rule.delaySeconds = input.delaySeconds;
  if (input.maxAttempts !== undefined) rule.maxAttempts = input.maxAttempts;
  if (input.timeoutMs !== undefined) rule.timeoutMs = input.timeoutMs;
  if (input.enabled !== undefined) rule.enabled = input.enabled;
  if (given('publisherId')) rule.publisherId = input.publisherId ?? null;
  if (given('body')) rule.body = input.body ?? null;
  if (given('contentType')) rule.contentType = input.contentType ?? null;
  if (given('offerIds')) rule.offerIds = input.offerIds ?? [];
  if (given('headers')) rule.headers = input.headers ?? {};
  if (given('rejectionReasons')) rule.rejectionReasons = input.rejectionReasons ?? [];
  if (given('events')) rule.events = input.events ?? [];
  if (given('statusMap')) rule.statusMap = input.statusMap ?? {};
  if (given('expectBody')) rule.expectBody = input.expectBody ?? null;
  if (given('presetId')) rule.presetId = input.presetId ?? null;
  // The matcher reads an empty list as the default; store what it means.
  if (given('statuses')) {
    rule.statuses = input.statuses?.length ? input.statuses : [...DEFAULT_STATUSES];
  }

  const sendsBody = rule.method !== 'GET';
  if (sendsBody && rule.body !== null && rule.contentType === null) {
    rule.contentType = FORM_CONTENT_TYPE;
  }
  // A content type only ever described the body: one left over from a POST is dropped when
  // the rule becomes a GET without a body, but one sent with a GET is an error (checks).
  if (!sendsBody && rule.body === null && !given('contentType')) rule.contentType = null;
  return rule;
}
