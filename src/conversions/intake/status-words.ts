import { DomainError } from '../../common/errors/domain-error';
import { CONVERSION_STATUSES, ConversionStatus } from '../conversion.entity';

// The advertiser's words for a status this request (approved_status=a,b etc.).
export type StatusTraining = Record<ConversionStatus, readonly string[]>;

export const NO_TRAINING: StatusTraining = { approved: [], pending: [], rejected: [] };

// SPEC §5.2: the canonical words and their common synonyms; anything else needs training.
const SYNONYMS: Readonly<Record<string, ConversionStatus>> = {
  approved: 'approved',
  sale: 'approved',
  confirmed: 'approved',
  pending: 'pending',
  lead: 'pending',
  hold: 'pending',
  rejected: 'rejected',
  declined: 'rejected',
  trash: 'rejected',
};

export const normalizeStatusWord = (word: string) => word.trim().toLowerCase();

// "billed, Paid,," → ["billed", "paid"]
export function parseTrainingList(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map(normalizeStatusWord)
    .filter((word) => word !== '');
}

// Missing status = approved; training wins over synonyms; an unknown word is never guessed.
export function resolveStatusWord(
  word: string | null | undefined,
  training: StatusTraining = NO_TRAINING,
): ConversionStatus {
  if (word === null || word === undefined || word.trim() === '') return 'approved';
  const normalized = normalizeStatusWord(word);
  const trained = CONVERSION_STATUSES.filter((status) =>
    training[status].some((taught) => normalizeStatusWord(taught) === normalized),
  );
  if (trained.length === 1) return trained[0];
  const shown = JSON.stringify(word.slice(0, 64));
  if (trained.length > 1) {
    throw unknownStatus(
      `status ${shown} is listed in ${trained.map((s) => `${s}_status`).join(' and ')}`,
    );
  }
  const synonym = Object.hasOwn(SYNONYMS, normalized) ? SYNONYMS[normalized] : undefined;
  if (synonym) return synonym;
  throw unknownStatus(
    `status ${shown} is not a known status word; use approved|pending|rejected or map it with approved_status=, pending_status=, rejected_status=`,
  );
}

function unknownStatus(message: string): DomainError {
  return new DomainError(400, 'unknown_status', message, [{ field: 'status', message }]);
}
