import {
  canonicalMacroName,
  CLICK_MACROS,
  MacroValues,
  NETWORK_ONLY_MACROS,
  SAMPLE_VALUES,
} from './macros';
import {
  MacroRef,
  parseTemplate,
  ParsedTemplate,
  RenderContext,
  renderTemplate,
} from './macro-renderer';
import type { LintIssue } from './lint-issue';
import { suggestMacro } from './macro-suggestions';
import { encodedHeaderMacros, headerIssues } from './header-checks';
import { foreignMacros, unclosedMacros } from './token-checks';
import {
  fragmentNotSent,
  invalidCharacters,
  invalidUrl,
  macrosInHost,
  malformedQuery,
} from './url-checks';

export interface PostbackTemplatesInput {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string> | null;
  body?: string | null;
  contentType?: 'application/json' | 'application/x-www-form-urlencoded' | null;
  statuses?: string[] | null;
  type?: 'click' | 'impression' | 'conversion' | 'event';
  publisherOwned: boolean;
}

export interface RenderedPostback {
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface PostbackLintResult {
  errors: LintIssue[];
  warnings: LintIssue[];
  rendered: RenderedPostback;
}

interface TemplateField {
  field: string;
  parsed: ParsedTemplate;
  context: RenderContext;
}

const CLICK_ID_MACROS = new Set([
  'external_transaction_id',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
]);
const STATUS_MACROS = new Set(['status', 'raw_status']);
const PLAIN_HTTP = /^http:\/\//i;
function fieldLabel(field: string): string {
  return field.startsWith('headers.') ? `header ${field.slice('headers.'.length)}` : field;
}

function unknownMacro(ref: MacroRef, field: string): LintIssue {
  const where = `at position ${ref.position} in ${fieldLabel(field)}`;
  if (ref.canonical !== undefined) {
    return {
      code: 'unknown_macro',
      field,
      macro: `${ref.name}|${ref.modifier}`,
      position: ref.position,
      message: `Unknown modifier |${ref.modifier} in ${ref.token} ${where}; the only modifier is |raw, as in {${ref.name}|raw}`,
    };
  }
  const suggestion = suggestMacro(ref.name);
  const hint =
    suggestion === undefined
      ? 'macro names are lowercase, e.g. {external_transaction_id}, {payout}, {status}'
      : `did you mean {${suggestion}}?`;
  return {
    code: 'unknown_macro',
    field,
    macro: ref.name,
    position: ref.position,
    message: `Unknown macro {${ref.name}} ${where}; ${hint}`,
  };
}

// {transaction_id} is the network's click id: the publisher's tracker never saw it, so a
// postback carrying only that id matches nothing there.
function missingClickId(fields: TemplateField[]): LintIssue {
  const networkId = fields
    .flatMap(({ field, parsed }) => parsed.macros.map((ref) => ({ field, ref })))
    .find(({ ref }) => ref.canonical === 'transaction_id');
  const fix =
    'it matches by its own click id, the value its tracking link passed as external_transaction_id: send {external_transaction_id} (or the {sub1}…{sub5} that carries it), e.g. subid={external_transaction_id}';
  return {
    code: 'missing_click_id_macro',
    field: 'url',
    message:
      networkId === undefined
        ? `No click id is sent, so the tracker cannot match this postback to its click; ${fix}`
        : `${networkId.ref.token} at position ${networkId.ref.position} in ${fieldLabel(networkId.field)} is this network's click id, which the publisher's tracker has never seen, so it cannot match this postback to its click; ${fix}`,
  };
}

// Unknown macros can't be rendered; previews show the rest of the template around them.
function renderKnown(parsed: ParsedTemplate, values: MacroValues, context: RenderContext): string {
  if (parsed.unknown.length === 0) return renderTemplate(parsed, values, context);
  const unknown = new Set(parsed.unknown);
  const parts = parsed.parts.filter((p) => typeof p === 'string' || !unknown.has(p));
  return renderTemplate({ ...parsed, parts, unknown: [] }, values, context);
}

function sampleValues(
  sample: Record<string, unknown> | undefined,
  errors: LintIssue[],
): MacroValues {
  const values: MacroValues = { ...SAMPLE_VALUES };
  for (const [key, value] of Object.entries(sample ?? {})) {
    const name = canonicalMacroName(key);
    const field = `sample.${key}`;
    if (name === undefined) {
      const suggestion = suggestMacro(key);
      const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
      errors.push({
        code: 'unknown_sample_key',
        field,
        macro: key,
        message: `Sample key "${key}" is not a macro${hint}`,
      });
    } else if (value === null || value === undefined) {
      values[name] = undefined;
    } else if (typeof value === 'string' || typeof value === 'number') {
      values[name] = value;
    } else if (typeof value === 'boolean' || typeof value === 'bigint') {
      values[name] = String(value);
    } else {
      errors.push({
        code: 'invalid_sample_value',
        field,
        macro: key,
        message: `Sample value for "${key}" must be a string or a number`,
      });
    }
  }
  return values;
}

export function lintPostbackTemplates(
  input: PostbackTemplatesInput,
  sample?: Record<string, unknown>,
): PostbackLintResult {
  const errors: LintIssue[] = [];
  const warnings: LintIssue[] = [];
  const values = sampleValues(sample, errors);

  const url: TemplateField = { field: 'url', parsed: parseTemplate(input.url), context: 'url' };
  const fields: TemplateField[] = [url];
  const bad = invalidCharacters(input.url, 'url');
  if (bad !== undefined) errors.push(bad);

  const headers = Object.entries(input.headers ?? {}).map(([name, value]) => {
    const field = `headers.${name}`;
    errors.push(...headerIssues(name, value, field));
    const header = { name, field, parsed: parseTemplate(value), context: 'header' as const };
    fields.push(header);
    return header;
  });

  const json = input.contentType === 'application/json';
  const body: TemplateField | undefined =
    input.body === null || input.body === undefined
      ? undefined
      : { field: 'body', parsed: parseTemplate(input.body), context: json ? 'json' : 'form' };
  if (body !== undefined) fields.push(body);

  const foreign = foreignMacros(input.url, 'url');
  for (const { field, parsed } of fields) {
    for (const ref of parsed.unknown) errors.push(unknownMacro(ref, field));
    errors.push(...unclosedMacros(parsed, field));
    if (field === 'url') errors.push(...foreign);
    if (!input.publisherOwned) continue;
    for (const ref of parsed.macros) {
      if (ref.canonical === undefined || !NETWORK_ONLY_MACROS.has(ref.canonical)) continue;
      errors.push({
        code: 'network_only_macro',
        field,
        macro: ref.name,
        position: ref.position,
        message: `{${ref.name}} at position ${ref.position} in ${fieldLabel(field)} is network-only and can't be sent to a publisher; remove it`,
      });
    }
  }

  const rendered: RenderedPostback = {
    url: renderKnown(url.parsed, values, 'url'),
    headers: Object.fromEntries(
      headers.map(({ name, parsed }) => [name, renderKnown(parsed, values, 'header')]),
    ),
    body: body === undefined ? null : renderKnown(body.parsed, values, body.context),
  };

  for (const { name, field, parsed } of headers) {
    const encoded = encodedHeaderMacros(parsed, values);
    if (encoded.length === 0) continue;
    warnings.push({
      code: 'header_value_encoded',
      field,
      macro: encoded[0],
      message: `Header ${name}: the value of ${encoded.map((m) => `{${m}}`).join(', ')} has characters a header can't carry as text, so it is sent as shown: control characters removed, non-ASCII percent-encoded as UTF-8 (the receiver percent-decodes it)`,
    });
  }
  if (url.parsed.unknown.length === 0) {
    const invalid = invalidUrl(rendered.url, 'url');
    if (invalid !== undefined) errors.push(invalid);
  }
  if (json && body !== undefined && body.parsed.unknown.length === 0 && rendered.body !== null) {
    try {
      JSON.parse(rendered.body);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      errors.push({
        code: 'invalid_json_body',
        field: 'body',
        message: `Body is not valid JSON once sample values are filled in (${reason}); note that {name} inserts the value without quotes, so write "{name}" for a string`,
      });
    }
  }

  if (PLAIN_HTTP.test(input.url)) {
    warnings.push({
      code: 'http_not_https',
      field: 'url',
      message:
        'URL uses http://, so click ids and payouts travel unencrypted; use https:// if the tracker supports it',
    });
  }
  const used = new Set(fields.flatMap(({ parsed }) => parsed.macros.map((m) => m.canonical)));
  if (![...CLICK_ID_MACROS].some((name) => used.has(name))) {
    warnings.push(missingClickId(fields));
  }
  const statuses = new Set(input.statuses ?? []);
  const firesOnStatuses =
    input.type === undefined || input.type === 'conversion' || input.type === 'event';
  if (firesOnStatuses && statuses.size > 1 && ![...STATUS_MACROS].some((n) => used.has(n))) {
    warnings.push({
      code: 'missing_status_macro',
      field: 'url',
      message: `The rule fires on ${[...statuses].join(', ')} but sends no {status}, so the tracker can't tell them apart; add e.g. status={status}`,
    });
  }
  warnings.push(...malformedQuery(input.url, 'url'), ...macrosInHost(url.parsed, 'url'));
  // A foreign #token# explains its own '#'.
  const fragment = fragmentNotSent(url.parsed, 'url');
  if (!foreign.some((e) => e.position === fragment[0]?.position)) warnings.push(...fragment);

  return { errors, warnings, rendered };
}

// An offer landing URL is rendered at click time, so only click macros have values there.
export function lintOfferUrl(url: string): LintIssue[] {
  const issues: LintIssue[] = [];
  const parsed = parseTemplate(url);
  for (const ref of parsed.unknown) issues.push(unknownMacro(ref, 'url'));
  issues.push(...unclosedMacros(parsed, 'url'));
  for (const ref of parsed.macros) {
    if (ref.canonical === undefined || CLICK_MACROS.has(ref.canonical)) continue;
    issues.push({
      code: 'macro_not_allowed',
      field: 'url',
      macro: ref.name,
      position: ref.position,
      message: `{${ref.name}} at position ${ref.position} has no value when the click happens; an offer URL can use only click macros (${[...CLICK_MACROS].map((n) => `{${n}}`).join(', ')})`,
    });
  }
  const bad = invalidCharacters(url, 'url');
  if (bad !== undefined) issues.push(bad);
  if (parsed.unknown.length === 0) {
    const invalid = invalidUrl(renderTemplate(parsed, SAMPLE_VALUES, 'url'), 'url');
    if (invalid !== undefined) issues.push(invalid);
  }
  return issues;
}
