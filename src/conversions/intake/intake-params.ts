import { isISO4217CurrencyCode } from 'class-validator';
import { badRequest, DomainError } from '../../common/errors/domain-error';
import { formatMoney, MONEY_PATTERN } from '../../common/money';
import type { ConversionReport } from '../conversion-report';
import { parseTrainingList, resolveStatusWord } from './status-words';

// Longest value accepted per parameter; the column sizes bound the stored ones.
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

export type IntakeReply = { kind: 'text'; text: string } | { kind: 'gif' };

export interface ParsedIntake {
  report: ConversionReport;
  reply: IntakeReply;
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
      if (text.length > PARAM_LIMITS[name]) {
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

export function parseIntakeParams(query: unknown, body: unknown): ParsedIntake {
  const params = collectParams(query, body);
  const first = (names: string[]) =>
    names.map((n) => params.get(n)?.trim()).find((v): v is string => !!v) ?? null;

  const transactionId = first(TRANSACTION_ID_NAMES);
  if (!transactionId) {
    throw badRequest(
      'missing_transaction_id',
      'transaction_id (or clickid, click_id, subid) is required',
    );
  }
  const status = resolveStatusWord(params.get('status'), {
    approved: parseTrainingList(params.get('approved_status')),
    pending: parseTrainingList(params.get('pending_status')),
    rejected: parseTrainingList(params.get('rejected_status')),
  });
  const rejectionReason = first(['rejection_reason']);
  return {
    report: {
      transactionId,
      status,
      event: first(EVENT_NAMES),
      advertiserTransactionId: first(['tid']),
      payout: money(params, 'payout'),
      revenue: money(params, 'revenue'),
      currency: currency(params),
      rejectionReason: status === 'rejected' ? rejectionReason : null,
    },
    reply: replyFor(params.get('return')),
  };
}

function money(params: Map<string, string>, name: string): string | null {
  const value = params.get(name)?.trim();
  if (!value) return null;
  if (!MONEY_PATTERN.test(value))
    throw invalid(name, `${name} must be a non-negative decimal with at most 4 decimal places`);
  return formatMoney(value);
}

function currency(params: Map<string, string>): string | null {
  const value = params.get('currency')?.trim().toUpperCase();
  if (!value) return null;
  if (!isISO4217CurrencyCode(value))
    throw invalid('currency', 'currency must be an ISO 4217 code such as USD or EUR');
  return value;
}

function replyFor(value: string | undefined): IntakeReply {
  if (value === undefined || value === '') return { kind: 'text', text: 'OK' };
  if (value.trim().toLowerCase() === 'gif') return { kind: 'gif' };
  return { kind: 'text', text: value };
}

function invalid(field: string, message: string): DomainError {
  return badRequest('validation_failed', `Invalid request: ${field}`, [{ field, message }]);
}
