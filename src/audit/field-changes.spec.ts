import { diffFields, REDACTED, redactFields } from './field-changes';

describe('diffFields', () => {
  it('names only the fields whose values differ, before and after', () => {
    expect(
      diffFields(
        { name: 'A', status: 'active', payout: '1.00' },
        { name: 'B', status: 'active', payout: '1.00' },
      ),
    ).toEqual({ name: { before: 'A', after: 'B' } });
  });

  it('treats a created record as every field from null, a deleted one as every field to null', () => {
    expect(diffFields(null, { name: 'A', body: null, offerIds: [1] })).toEqual({
      name: { before: null, after: 'A' },
      offerIds: { before: null, after: [1] },
    });
    expect(diffFields({ name: 'A', enabled: false }, null)).toEqual({
      name: { before: 'A', after: null },
      enabled: { before: false, after: null },
    });
  });

  it('compares arrays and objects by value, whatever their key order', () => {
    const before = { headers: { a: '1', b: '2' }, offerIds: [1, 2] };
    expect(diffFields(before, { headers: { b: '2', a: '1' }, offerIds: [1, 2] })).toEqual({});
    expect(diffFields(before, { headers: { a: '1' }, offerIds: [2, 1] })).toEqual({
      headers: { before: { a: '1', b: '2' }, after: { a: '1' } },
      offerIds: { before: [1, 2], after: [2, 1] },
    });
  });

  it('writes dates as ISO strings and undefined as null', () => {
    const at = new Date('2025-01-02T03:04:05.000Z');
    expect(diffFields({ pausedAt: at, note: undefined }, { pausedAt: null, note: 'x' })).toEqual({
      pausedAt: { before: '2025-01-02T03:04:05.000Z', after: null },
      note: { before: null, after: 'x' },
    });
    expect(diffFields({ pausedAt: new Date(at) }, { pausedAt: at })).toEqual({});
  });

  it('redacts a secret on both sides, and says only whether it was set', () => {
    const changes = diffFields(
      { signingSecret: 'whsec_old', name: 'r' },
      { signingSecret: 'whsec_new', name: 'r' },
      ['signingSecret'],
    );
    expect(changes).toEqual({ signingSecret: { before: REDACTED, after: REDACTED } });
    expect(diffFields({ password: null }, { password: 'hash' }, ['password'])).toEqual({
      password: { before: null, after: REDACTED },
    });
    expect(diffFields({ password: 'h' }, { password: null }, ['password'])).toEqual({
      password: { before: REDACTED, after: null },
    });
    expect(JSON.stringify(changes)).not.toContain('whsec_');
  });

  it('leaves an unchanged secret out', () => {
    expect(diffFields({ signingSecret: 's' }, { signingSecret: 's' }, ['signingSecret'])).toEqual(
      {},
    );
  });
});

describe('redactFields', () => {
  it('hides the values of the named fields only', () => {
    expect(
      redactFields(
        { postbackKey: { before: 'k1', after: 'k2' }, name: { before: 'a', after: 'b' } },
        ['postbackKey'],
      ),
    ).toEqual({
      postbackKey: { before: REDACTED, after: REDACTED },
      name: { before: 'a', after: 'b' },
    });
  });
});
