import { DomainError } from '../../common/errors/domain-error';
import { NO_TRAINING, parseTrainingList, resolveStatusWord, StatusTraining } from './status-words';

const training = (t: Partial<StatusTraining>): StatusTraining => ({ ...NO_TRAINING, ...t });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
}

describe('resolveStatusWord', () => {
  it('treats a missing or blank status as approved', () => {
    expect(resolveStatusWord(undefined)).toBe('approved');
    expect(resolveStatusWord(null)).toBe('approved');
    expect(resolveStatusWord('  ')).toBe('approved');
  });

  it('maps the canonical words and the SPEC synonyms, case-insensitively', () => {
    const cases: Record<string, string> = {
      approved: 'approved',
      SALE: 'approved',
      Confirmed: 'approved',
      pending: 'pending',
      lead: 'pending',
      HOLD: 'pending',
      rejected: 'rejected',
      declined: 'rejected',
      ' trash ': 'rejected',
    };
    for (const [word, status] of Object.entries(cases))
      expect(resolveStatusWord(word)).toBe(status);
  });

  it('refuses unknown words instead of guessing', () => {
    for (const word of ['billed', 'approve', '1', 'constructor', 'toString', '__proto__'])
      expect(codeOf(() => resolveStatusWord(word))).toBe('unknown_status');
  });

  it('maps trained words, and training wins over synonyms', () => {
    const t = training({ approved: ['billed', 'paid'], rejected: ['sale'] });
    expect(resolveStatusWord('billed', t)).toBe('approved');
    expect(resolveStatusWord('PAID', t)).toBe('approved');
    expect(resolveStatusWord('sale', t)).toBe('rejected');
    // untrained synonyms still work alongside training
    expect(resolveStatusWord('lead', t)).toBe('pending');
  });

  it('refuses a word trained as two different statuses', () => {
    const t = training({ approved: ['x'], pending: ['x'] });
    expect(codeOf(() => resolveStatusWord('x', t))).toBe('unknown_status');
  });
});

describe('parseTrainingList', () => {
  it('splits on commas, trims, lowercases and drops empties', () => {
    expect(parseTrainingList('billed, Paid,,')).toEqual(['billed', 'paid']);
    expect(parseTrainingList('')).toEqual([]);
    expect(parseTrainingList(null)).toEqual([]);
  });
});
