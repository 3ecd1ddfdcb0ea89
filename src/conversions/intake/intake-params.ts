import { isISO4217CurrencyCode } from 'class-validator';
import { badRequest, DomainError } from '../../common/errors/domain-error';
import { readMoneyLeniently } from '../../common/money';
import type { ConversionReport } from '../conversion-report';
import type { IntakeWarning } from '../intake-log.entity';
import { parseTrainingList, resolveStatusWord } from './status-words';

// Longest value read per parameter. Past it, the click id and the status words are refused (no
// click or word is that long); free text is cut to its column's size, and an amount or a
// currency that long is unreadable (SPEC §5.2: never refuse a conversion over formatting).
export const PARAM_LIMITS: Readonly<Record<string, number>> = {
  transaction_id: 256,
  clickid: 256,
  click_id: 256,
  subid: 256,
  status: 64,
  payout: 32,
  revenue: 32,
  currency: 16,
  tid: 256,
  event: 100,
  goal: 100,
  rejection_reason: 512,
  return: 256,
  approved_status: 512,
  pending_status: 512,
  rejected_status: 512,
};

const TRANSACTION_ID_NAMES = ['transaction_id', 'clickid', 'click_id', 'subid'];
const EVENT_NAMES = ['event', 'goal'];
const STATUS_NAMES = ['status', 'approved_status', 'pending_status', 'rejected_status'];
const REFUSED_WHEN_TOO_LONG = new Set([...TRANSACTION_ID_NAMES, ...STATUS_NAMES]);

// Free text that names nothing we look up: a NUL (which PostgreSQL text can't hold) is dropped,
// as the click links drop it, and an over-long value is cut to its column's size; the
// conversion is recorded with a warning, the raw text kept in the intake log.
const FREE_TEXT = new Set(['tid', 'event', 'goal', 'rejection_reason', 'return']);

export type IntakeReply = { kind: 'text'; text: string } | { kind: 'gif' };

export interface ParsedIntake {
  report: ConversionReport;
  reply: IntakeReply;
  // What was read leniently, in parameter order; kept in the intake log.
  warnings: IntakeWarning[];
}

// Query and form parameters merged, names lowercased; a form field wins over a query one
// of the same name, and of a repeated parameter the first value counts.
export function collectParams(...sources: unknown[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const source of sources) {
    if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const [rawName, rawValue] of Object.entries(source as Record<string, unknown>)) {
      const name = rawName.toLowerCase();
      if (!Object.hasOwn(PARAM_LIMITS, name)) continue; // unknown parameters are ignored
      const value = Array.isArray(rawValue) ? rawValue[0] : rawValue;
      if (value === undefined || value === null) continue;
      if (typeof value === 'object') throw invalid(name, `${name} must be a plain value`);
      const text = String(value);
      if (REFUSED_WHEN_TOO_LONG.has(name) && text.length > PARAM_LIMITS[name]) {
        throw badRequest(
          'parameter_too_long',
          `${name} is longer than ${PARAM_LIMITS[name]} characters`,
          [{ field: name, message: `at most ${PARAM_LIMITS[name]} characters` }],
        );
      }
      params.set(name, text);
    }
  }
  return params;
}

// SPEC §5.2: what refuses here is a missing click id or an unknown status (a NUL in either is
// one, and so is one over its length), besides nested values; amounts, currency and free text
// are read leniently (a warning, and the offer's defaults when an amount can't be read).
export function parseIntakeParams(query: unknown, body: unknown): ParsedIntake {
  const params = collectParams(query, body);
  const warnings: IntakeWarning[] = [];
  tidyFreeText(params, warnings);
  const first = (names: string[]) =>
    names.map((n) => params.get(n)?.trim()).find((v): v is string => !!v) ?? null;

  const transactionId = first(TRANSACTION_ID_NAMES);
  if (!transactionId) {
    throw badRequest(
      'missing_transaction_id',
      'transaction_id (or clickid, click_id, subid) is required',
    );
  }
  // A click id with a NUL matches no click (ids are URL-safe); say what is wrong with it.
  if (transactionId.includes('\u0000')) {
    const name = TRANSACTION_ID_NAMES.find((n) => params.get(n)?.trim() === transactionId)!;
    throw containsNul(name);
  }
  // A status word with a NUL is never guessed at, like any other unknown word.
  const mangled = STATUS_NAMES.find((n) => params.get(n)?.includes('\u0000'));
  if (mangled) throw containsNul(mangled);
  const status = resolveStatusWord(params.get('status'), {
    approved: parseTrainingList(params.get('approved_status')),
    pending: parseTrainingList(params.get('pending_status')),
    rejected: parseTrainingList(params.get('rejected_status')),
  });
  const rejectionReason = first(['rejection_reason']);
  const amounts = readAmounts(params, warnings);
  return {
    report: {
      transactionId,
      status,
      event: first(EVENT_NAMES),
      advertiserTransactionId: first(['tid']),
      ...amounts,
      rejectionReason: status === 'rejected' ? rejectionReason : null,
    },
    reply: replyFor(params.get('return')),
    warnings,
  };
}

function tidyFreeText(params: Map<string, string>, warnings: IntakeWarning[]): void {
  for (const [name, raw] of params) {
    if (!FREE_TEXT.has(name)) continue;
    let value = raw;
    if (value.includes('\u0000')) {
      value = value.replaceAll('\u0000', '');
      warnings.push(`${name}_nul_stripped`);
    }
    // Counted in characters, as varchar(n) counts them (a surrogate pair is one).
    const chars = Array.from(value);
    if (chars.length > PARAM_LIMITS[name]) {
      value = chars.slice(0, PARAM_LIMITS[name]).join('');
      warnings.push(`${name}_truncated`);
    }
    params.set(name, value);
  }
}

type Amounts = Pick<ConversionReport, 'payout' | 'revenue' | 'currency'>;

// Amounts in a currency that isn't an ISO 4217 code (an over-long one included) can't be
// converted: the offer's defaults apply. A currency with no rate is found out later, by the
// recorder, with the same result.
function readAmounts(params: Map<string, string>, warnings: IntakeWarning[]): Amounts {
  const payout = readMoney(params, 'payout', warnings);
  const revenue = readMoney(params, 'revenue', warnings);
  const currency = params.get('currency')?.trim().toUpperCase();
  if (!currency) return { payout, revenue, currency: null };
  if (isISO4217CurrencyCode(currency)) return { payout, revenue, currency };
  if (payout !== null || revenue !== null) warnings.push('currency_unknown');
  return { payout: null, revenue: null, currency: null };
}

// Present but unreadable (empty included) → null, the offer's default, with a warning.
function readMoney(
  params: Map<string, string>,
  name: 'payout' | 'revenue',
  warnings: IntakeWarning[],
): string | null {
  const raw = params.get(name);
  if (raw === undefined) return null;
  const read = raw.length > PARAM_LIMITS[name] ? null : readMoneyLeniently(raw);
  if (!read) {
    warnings.push(`${name}_unparsed`);
    return null;
  }
  if (read.rounded) warnings.push(`${name}_rounded`);
  if (read.commaAmbiguous) warnings.push(`${name}_comma_ambiguous`);
  return read.value;
}

function replyFor(value: string | undefined): IntakeReply {
  if (value === undefined || value === '') return { kind: 'text', text: 'OK' };
  if (value.trim().toLowerCase() === 'gif') return { kind: 'gif' };
  return { kind: 'text', text: value };
}

function invalid(field: string, message: string): DomainError {
  return badRequest('validation_failed', `Invalid request: ${field}`, [{ field, message }]);
}

function containsNul(field: string): DomainError {
  return invalid(field, `${field} must not contain a NUL character (%00)`);
}
