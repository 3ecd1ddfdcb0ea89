import type { UseFormReturnType } from '@mantine/form';
import type { ErrorDetail } from '../../api/errors';
import type {
  ContentType,
  ConversionStatus,
  HttpMethod,
  Me,
  PresetId,
  RuleBody,
  RuleType,
} from '../../api/types';

export const STATUSES: ConversionStatus[] = ['approved', 'pending', 'rejected'];
export const NETWORK_LEVEL = 'network';

export interface HeaderRow {
  // React's key for the row; never sent.
  key: string;
  name: string;
  value: string;
}

// The editor's values: what the inputs hold (text and ids as strings), turned into the API's
// rule body by ruleBodyOf.
export interface RuleFormValues {
  presetId: PresetId | null;
  name: string;
  type: RuleType;
  // A publisher id, NETWORK_LEVEL, or '' while an admin has not chosen.
  publisher: string;
  offerIds: string[];
  method: HttpMethod;
  url: string;
  headers: HeaderRow[];
  body: string;
  contentType: ContentType;
  statuses: ConversionStatus[];
  rejectionReasons: string[];
  events: string[];
  statusMap: Record<ConversionStatus, string>;
  delaySeconds: number | string;
  maxAttempts: number | string;
  timeoutMs: number | string;
  // Empty: keep the stored one (none for a new rule).
  signingSecret: string;
  removeSigningSecret: boolean;
  expectBody: string;
  enabled: boolean;
}

export type RuleForm = UseFormReturnType<RuleFormValues>;

let rowCount = 0;
export const headerRow = (name = '', value = ''): HeaderRow => ({
  key: `h${++rowCount}`,
  name,
  value,
});

export function newRuleValues(me: Me): RuleFormValues {
  return {
    presetId: null,
    name: '',
    type: 'conversion',
    publisher: me.role === 'publisher' ? String(me.publisherId) : '',
    offerIds: [],
    method: 'GET',
    url: '',
    headers: [],
    body: '',
    contentType: 'application/x-www-form-urlencoded',
    statuses: ['approved'],
    rejectionReasons: [],
    events: [],
    statusMap: { approved: '', pending: '', rejected: '' },
    delaySeconds: 0,
    maxAttempts: 8,
    timeoutMs: 10000,
    signingSecret: '',
    removeSigningSecret: false,
    expectBody: '',
    enabled: true,
  };
}

// A stored rule, or a rendered preset over the current values.
// A rule body, a stored rule (its presetId typed as a plain string) or a rendered preset.
type RuleLike = Omit<RuleBody, 'presetId'> & { presetId?: string | null };

export function valuesOf(rule: RuleLike, base: RuleFormValues): RuleFormValues {
  const statusMap = rule.statusMap ?? {};
  return {
    ...base,
    // A stored rule's preset id was validated as one of the presets when it was saved.
    presetId: (rule.presetId as PresetId | null) ?? null,
    // A name the person typed stays when a preset fills the rest.
    name: base.name.trim() !== '' ? base.name : (rule.name ?? ''),
    type: rule.type,
    publisher:
      rule.publisherId === undefined
        ? base.publisher
        : rule.publisherId === null
          ? NETWORK_LEVEL
          : String(rule.publisherId),
    offerIds: rule.offerIds ? rule.offerIds.map(String) : base.offerIds,
    method: rule.method ?? 'GET',
    url: rule.url,
    headers: Object.entries(rule.headers ?? {}).map(([name, value]) => headerRow(name, value)),
    body: rule.body ?? '',
    contentType: rule.contentType ?? base.contentType,
    statuses: rule.statuses?.length ? rule.statuses : ['approved'],
    rejectionReasons: rule.rejectionReasons ?? [],
    events: rule.events ?? [],
    statusMap: {
      approved: statusMap.approved ?? '',
      pending: statusMap.pending ?? '',
      rejected: statusMap.rejected ?? '',
    },
    delaySeconds: rule.delaySeconds ?? base.delaySeconds,
    maxAttempts: rule.maxAttempts ?? base.maxAttempts,
    timeoutMs: rule.timeoutMs ?? base.timeoutMs,
    signingSecret: rule.signingSecret ?? '',
    removeSigningSecret: false,
    expectBody: rule.expectBody ?? '',
    enabled: rule.enabled ?? base.enabled,
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text);
const toInt = (value: number | string) => (value === '' ? undefined : Number(value));

// The rule body POST /api/postbacks, PATCH and preview take. Conversion conditions only for the
// types they apply to; the signing secret only when typed (or removed).
export function ruleBodyOf(values: RuleFormValues, me: Me): RuleBody {
  const conditional = values.type === 'conversion' || values.type === 'event';
  const sendsBody = values.method !== 'GET';
  const statusMap = Object.fromEntries(
    STATUSES.filter((s) => values.statusMap[s].trim() !== '').map((s) => [
      s,
      values.statusMap[s].trim(),
    ]),
  );
  const body: RuleBody = {
    name: values.name.trim(),
    type: values.type,
    offerIds: values.offerIds.map(Number),
    method: values.method,
    url: values.url.trim(),
    headers: Object.fromEntries(
      values.headers.filter((h) => h.name.trim() !== '').map((h) => [h.name.trim(), h.value]),
    ),
    body: sendsBody ? orNull(values.body) : null,
    contentType: sendsBody && values.body.trim() !== '' ? values.contentType : null,
    statuses: conditional ? values.statuses : null,
    rejectionReasons:
      conditional && values.statuses.includes('rejected') ? values.rejectionReasons : [],
    events: values.type === 'event' ? values.events : [],
    statusMap: conditional ? statusMap : {},
    delaySeconds: toInt(values.delaySeconds),
    maxAttempts: toInt(values.maxAttempts),
    timeoutMs: toInt(values.timeoutMs),
    expectBody: orNull(values.expectBody),
    presetId: values.presetId,
    enabled: values.enabled,
  };
  // A publisher's rules are its own: the API fills its id.
  if (me.role === 'admin' && values.publisher !== '') {
    body.publisherId = values.publisher === NETWORK_LEVEL ? null : Number(values.publisher);
  }
  if (values.removeSigningSecret) body.signingSecret = null;
  else if (values.signingSecret.trim() !== '') body.signingSecret = values.signingSecret.trim();
  return body;
}

// API error details name fields as the API has them (url, headers.X-Token, statusMap.pending);
// the form's paths differ for headers and ids.
export function formErrorsOf(
  details: ErrorDetail[],
  values: RuleFormValues,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const detail of details) {
    const path = formPath(detail.field ?? '', values);
    if (path && !errors[path]) errors[path] = detail.message;
  }
  return errors;
}

function formPath(field: string, values: RuleFormValues): string | null {
  if (field === '') return null;
  if (field === 'publisherId') return 'publisher';
  if (field.startsWith('headers.')) {
    const name = field.slice('headers.'.length).toLowerCase();
    const index = values.headers.findIndex((h) => h.name.trim().toLowerCase() === name);
    return index >= 0 ? `headers.${index}.value` : 'headers';
  }
  if (field.startsWith('offerIds')) return 'offerIds';
  return field;
}
