// Save-time and preview checks of a whole rule (SPEC §6): field combinations, nested
// entries, template lint and the destination address. Pure; the service adds the
// database checks (publisher and offers exist) and decides between throwing and returning.
import { isIP } from 'node:net';
import { AddressPolicy } from '../delivery/address-policy';
import { SAMPLE_VALUES } from '../templates/macros';
import { lintPostbackTemplates, RenderedPostback } from '../templates/template-linter';
import { CONVERSION_STATUSES, ConversionStatus } from '../../conversions/conversion.entity';
import { RuleFields } from './rule-fields-view';
import { DEFAULT_STATUSES } from './rule-kinds';

// A type alias (not an interface) so it fits ErrorDetail's index signature.
export type RuleIssue = {
  field: string;
  code: string;
  message: string;
  macro?: string;
  position?: number;
};

export interface RuleCheckResult {
  errors: RuleIssue[];
  warnings: RuleIssue[];
  rendered: RenderedPostback;
}

export interface RuleCheckOptions {
  // A publisher's rule may not use network-only macros ({revenue}, {advertiser_id}).
  publisherOwned: boolean;
  policy: AddressPolicy;
  sample?: Record<string, unknown>;
}

export const MAX_HEADERS = 50;
export const MAX_HEADER_NAME_LENGTH = 256;
export const MAX_HEADER_VALUE_LENGTH = 8192;
export const MAX_STATUS_MAP_VALUE_LENGTH = 64;
// The sender sets these on every request (SPEC §8); a rule overriding them would break
// receiver-side dedupe and signature checks.
const RESERVED_HEADERS = new Set([
  'idempotency-key',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

export function checkRule(rule: RuleFields, options: RuleCheckOptions): RuleCheckResult {
  const fieldErrors = fieldIssues(rule);
  // Only string values can be linted; the others are in fieldErrors.
  const headers = Object.fromEntries(
    Object.entries(rule.headers).filter(([, value]) => typeof value === 'string'),
  );
  const lint = lintPostbackTemplates(
    {
      method: rule.method,
      url: rule.url,
      headers,
      body: rule.body,
      contentType: rule.contentType,
      statuses: rule.statuses,
      type: rule.type,
      publisherOwned: options.publisherOwned,
    },
    sampleWithStatus(rule.statusMap, options.sample),
  );
  // Template errors first: the URL is what a caller most often gets wrong.
  const errors = [...lint.errors, ...fieldErrors];
  if (!errors.some((issue) => issue.field === 'url')) {
    const destination = destinationIssue(lint.rendered.url, options.policy);
    if (destination !== undefined) errors.push(destination);
  }
  return { errors, warnings: [...lint.warnings, ...ignoredFields(rule)], rendered: lint.rendered };
}

export function fieldIssues(rule: RuleFields): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const issue = (field: string, code: string, message: string) =>
    issues.push({ field, code, message });
  if (rule.method === 'GET' && rule.body !== null) {
    issue('body', 'body_not_allowed', 'body is sent only with POST or PUT; set body to null');
  }
  // With a body left, the body error says it all: clearing the body drops its content type.
  if (rule.method === 'GET' && rule.body === null && rule.contentType !== null) {
    issue(
      'contentType',
      'content_type_not_allowed',
      'contentType is only for POST or PUT; set contentType to null',
    );
  }
  if (rule.rejectionReasons.length > 0 && !rule.statuses.includes('rejected')) {
    issue(
      'rejectionReasons',
      'rejection_reasons_not_allowed',
      'rejectionReasons apply only when statuses contains "rejected"',
    );
  }
  if (rule.events.length > 0 && rule.type !== 'event') {
    issue('events', 'events_not_allowed', 'events apply only to rules of type "event"');
  }
  issues.push(...headerIssues(rule.headers), ...statusMapIssues(rule.statusMap));
  return issues;
}

function headerIssues(headers: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) {
    issues.push({
      field: 'headers',
      code: 'too_many_headers',
      message: `headers may have at most ${MAX_HEADERS} entries, not ${entries.length}`,
    });
  }
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const field = `headers.${name}`;
    const invalid = (message: string) => issues.push({ field, code: 'invalid_header', message });
    const lower = name.toLowerCase();
    if (name.length > MAX_HEADER_NAME_LENGTH) {
      invalid(`Header name is longer than ${MAX_HEADER_NAME_LENGTH} characters`);
    } else if (RESERVED_HEADERS.has(lower)) {
      issues.push({
        field,
        code: 'reserved_header',
        message: `Header ${name} is set by the sender on every request; remove it`,
      });
    } else if (seen.has(lower)) {
      issues.push({
        field,
        code: 'duplicate_header',
        message: `Header ${name} is given twice (header names are case-insensitive)`,
      });
    }
    seen.add(lower);
    if (typeof value !== 'string') invalid(`Header ${name} must be a string (a template)`);
    else if (value.length > MAX_HEADER_VALUE_LENGTH) {
      invalid(`Header ${name} is longer than ${MAX_HEADER_VALUE_LENGTH} characters`);
    }
  }
  return issues;
}

function isStatus(key: unknown): key is ConversionStatus {
  return CONVERSION_STATUSES.includes(key as ConversionStatus);
}

function statusMapIssues(statusMap: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [key, value] of Object.entries(statusMap)) {
    const field = `statusMap.${key}`;
    if (!isStatus(key)) {
      issues.push({
        field,
        code: 'unknown_status',
        message: `statusMap key "${key}" is not a status; use ${CONVERSION_STATUSES.join(', ')}`,
      });
    } else if (
      typeof value !== 'string' ||
      value === '' ||
      value.length > MAX_STATUS_MAP_VALUE_LENGTH
    ) {
      issues.push({
        field,
        code: 'invalid_status_value',
        message: `statusMap.${key} must be a non-empty string of at most ${MAX_STATUS_MAP_VALUE_LENGTH} characters`,
      });
    }
  }
  return issues;
}

// Click and impression rules fire on every event: conversion conditions would be dead settings.
function ignoredFields(rule: RuleFields): RuleIssue[] {
  if (rule.type === 'conversion' || rule.type === 'event') return [];
  const warnings: RuleIssue[] = [];
  const isDefault =
    rule.statuses.length === DEFAULT_STATUSES.length &&
    rule.statuses.every((status) => DEFAULT_STATUSES.includes(status));
  if (!isDefault) {
    warnings.push({
      field: 'statuses',
      code: 'field_ignored',
      message: `statuses are ignored on ${rule.type} rules, which fire for every ${rule.type}`,
    });
  }
  if (Object.keys(rule.statusMap).length > 0) {
    warnings.push({
      field: 'statusMap',
      code: 'field_ignored',
      message: `statusMap is ignored on ${rule.type} rules: {status} has no value there`,
    });
  }
  return warnings;
}

// Sample values with {status} rendered as the rule would send it: the sample's status (or
// raw_status, or the built-in one) passed through statusMap; {raw_status} stays unmapped.
export function sampleWithStatus(
  statusMap: Partial<Record<ConversionStatus, string>>,
  sample: Record<string, unknown> = {},
): Record<string, unknown> {
  const given = sample.status;
  if (given !== undefined && typeof given !== 'string') return sample;
  const raw =
    typeof given === 'string'
      ? given
      : typeof sample.raw_status === 'string'
        ? sample.raw_status
        : SAMPLE_VALUES.raw_status;
  // Own keys only: a JSON statusMap must not resolve "constructor" through its prototype.
  const mapped = isStatus(raw) && Object.hasOwn(statusMap, raw) ? statusMap[raw] : undefined;
  const out: Record<string, unknown> = { ...sample, status: mapped ?? raw };
  if (sample.raw_status === undefined) out.raw_status = raw;
  return out;
}

// Only literal addresses are judged at save time; host names are resolved and checked when
// the sender connects (so DNS rebinding can't slip through either way).
export function destinationIssue(
  renderedUrl: string,
  policy: AddressPolicy,
): RuleIssue | undefined {
  let host: string;
  try {
    host = new URL(renderedUrl).hostname;
  } catch {
    return undefined;
  }
  const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(literal) === 0 || policy.isAllowed(host)) return undefined;
  return {
    field: 'url',
    code: 'destination_not_allowed',
    message: `URL points at ${host}, which is not a public address (loopback, private, link-local, metadata, …); postbacks go to public addresses only`,
  };
}
