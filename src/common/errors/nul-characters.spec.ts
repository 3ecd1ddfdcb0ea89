import { nulCharacterError, nulPath } from './nul-characters';

describe('nulPath', () => {
  it('finds nothing in clean values of any shape', () => {
    for (const value of [null, undefined, 1, true, 'text', [], {}, { a: ['x', { b: 'y' }] }]) {
      expect(nulPath(value)).toBeNull();
    }
  });

  it('names the first field, list entry or map value holding a NUL', () => {
    expect(nulPath({ name: 'a\u0000b' })).toBe('name');
    expect(nulPath({ list: ['ok', 'b\u0000'] })).toBe('list.1');
    expect(nulPath({ map: { approved: '\u0000' } })).toBe('map.approved');
    expect(nulPath({ deep: [{ x: [{ y: 'z\u0000' }] }] })).toBe('deep.0.x.0.y');
    expect(nulPath('\u0000', 'cursor')).toBe('cursor');
  });

  it('names a key holding a NUL with the NUL spelled out', () => {
    expect(nulPath({ headers: { 'X-\u0000': 'v' } })).toBe('headers.X-\\u0000');
    expect(nulPath({ '\u0000': 1 })).toBe('\\u0000');
  });
});

describe('nulCharacterError', () => {
  it('is a 400 validation_failed naming the field', () => {
    const error = nulCharacterError('sample.sub1');
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      expect.objectContaining({ field: 'sample.sub1', code: 'nul_character' }),
    ]);
  });
});
