import { DomainError } from '../errors/domain-error';
import { timeOrderedToken } from '../ids';
import { CursorKeyKind, decodeCursor, encodeCursor } from './pagination';

const refused = (cursor: string, kind: CursorKeyKind) => {
  try {
    decodeCursor(cursor, kind);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_cursor');
    expect((error as DomainError).details).toEqual([expect.objectContaining({ field: 'cursor' })]);
    return true;
  }
  return false;
};

describe('cursors', () => {
  it('round-trips every kind of key the lists hand out', () => {
    const keys: [string, CursorKeyKind][] = [
      ['1', 'int'],
      ['2147483647', 'int'],
      ['9223372036854775807', 'bigint'],
      ['0190f5b2-7c1e-7a3b-8f00-0123456789ab', 'uuid'],
      [timeOrderedToken(), 'token'],
      ['-'.padEnd(30, 'A'), 'token'], // an id of the previous format
    ];
    for (const [key, kind] of keys) expect(decodeCursor(encodeCursor(key), kind)).toBe(key);
  });

  it('refuses keys out of the column’s range or shape', () => {
    for (const [key, kind] of [
      ['2147483648', 'int'],
      ['0', 'int'],
      ['-1', 'int'],
      ['01', 'int'],
      ['9223372036854775808', 'bigint'],
      ['0190F5B2-7C1E-7A3B-8F00-0123456789AB', 'uuid'],
      ['12', 'uuid'],
      ['x'.repeat(29), 'token'],
      ['a b'.padEnd(30, 'c'), 'token'],
    ] as [string, CursorKeyKind][]) {
      expect([key, refused(encodeCursor(key), kind)]).toEqual([key, true]);
    }
  });

  it('refuses text that only a lenient decoder would read', () => {
    const good = encodeCursor('12');
    for (const cursor of [`${good}!`, `${good}=`, ` ${good}`, '%%%', 'AP8', '']) {
      expect([cursor, refused(cursor, 'int')]).toEqual([cursor, true]);
    }
  });
});
