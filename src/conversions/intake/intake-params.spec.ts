import { DomainError } from '../../common/errors/domain-error';
import { collectParams, parseIntakeParams } from './intake-params';

function failure(fn: () => unknown): DomainError | undefined {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  return undefined;
}

describe('parseIntakeParams', () => {
  it('reads every parameter into a report', () => {
    const { report, reply } = parseIntakeParams(
      {
        transaction_id: 'abc',
        status: 'sale',
        payout: '12.5',
        revenue: '20',
        currency: 'eur',
        tid: 'order-1',
        event: 'deposit',
      },
      undefined,
    );
    expect(report).toEqual({
      transactionId: 'abc',
      status: 'approved',
      event: 'deposit',
      advertiserTransactionId: 'order-1',
      payout: '12.50',
      revenue: '20.00',
      currency: 'EUR',
      rejectionReason: null,
    });
    expect(reply).toEqual({ kind: 'text', text: 'OK' });
    expect(parseIntakeParams({ transaction_id: 'abc', payout: '1' }, undefined).warnings).toEqual(
      [],
    );
  });

  it('accepts each alias of transaction_id and goal for event', () => {
    for (const name of ['transaction_id', 'clickid', 'click_id', 'subid', 'ClickID'])
      expect(parseIntakeParams({ [name]: 'T1' }, undefined).report.transactionId).toBe('T1');
    expect(parseIntakeParams({ subid: 'T1', goal: 'reg' }, undefined).report.event).toBe('reg');
  });

  it('prefers transaction_id over its aliases', () => {
    const { report } = parseIntakeParams({ subid: 'B', transaction_id: 'A' }, undefined);
    expect(report.transactionId).toBe('A');
  });

  it('defaults: no status = approved, no amounts, OK reply, base conversion', () => {
    const { report, reply } = parseIntakeParams({ clickid: 'T1', payout: '' }, undefined);
    expect(report).toMatchObject({
      status: 'approved',
      event: null,
      payout: null,
      revenue: null,
      currency: null,
      advertiserTransactionId: null,
    });
    expect(reply).toEqual({ kind: 'text', text: 'OK' });
  });

  it('applies per-request status training', () => {
    const q = { clickid: 'T1', status: 'Billed', approved_status: 'billed,paid' };
    expect(parseIntakeParams(q, undefined).report.status).toBe('approved');
    const r = { clickid: 'T1', status: 'nope', rejected_status: 'nope' };
    expect(parseIntakeParams(r, undefined).report.status).toBe('rejected');
  });

  it('refuses an unknown status word', () => {
    expect(failure(() => parseIntakeParams({ clickid: 'T1', status: 'billed' }, {}))).toMatchObject(
      { statusCode: 400, code: 'unknown_status' },
    );
  });

  it('keeps the rejection reason only for rejected conversions', () => {
    const rejected = parseIntakeParams(
      { clickid: 'T', status: 'trash', rejection_reason: 'fraud' },
      undefined,
    );
    expect(rejected.report).toMatchObject({ status: 'rejected', rejectionReason: 'fraud' });
    const approved = parseIntakeParams({ clickid: 'T', rejection_reason: 'fraud' }, undefined);
    expect(approved.report.rejectionReason).toBeNull();
  });

  it('answers the return text or a gif', () => {
    expect(parseIntakeParams({ clickid: 'T', return: 'DONE' }, undefined).reply).toEqual({
      kind: 'text',
      text: 'DONE',
    });
    expect(parseIntakeParams({ clickid: 'T', return: 'GIF' }, undefined).reply).toEqual({
      kind: 'gif',
    });
  });

  it('requires a transaction id', () => {
    expect(failure(() => parseIntakeParams({ status: 'sale' }, undefined))).toMatchObject({
      statusCode: 400,
      code: 'missing_transaction_id',
    });
    expect(failure(() => parseIntakeParams({ clickid: '  ' }, undefined))?.code).toBe(
      'missing_transaction_id',
    );
  });

  describe('reads money leniently (SPEC §5.2)', () => {
    const read = (params: Record<string, string>) =>
      parseIntakeParams({ clickid: 'T', ...params }, undefined);

    it('keeps up to 8 decimals exactly', () => {
      const { report, warnings } = read({ payout: '0.12345678', revenue: '3' });
      expect(report).toMatchObject({ payout: '0.12345678', revenue: '3.00' });
      expect(warnings).toEqual([]);
    });

    it('rounds more than 8 decimals half-even, with a warning per field', () => {
      const { report, warnings } = read({ payout: '1.123456785', revenue: '2.0000000051' });
      expect(report).toMatchObject({ payout: '1.12345678', revenue: '2.00000001' });
      expect(warnings).toEqual(['payout_rounded', 'revenue_rounded']);
    });

    it('reads a lone decimal comma', () => {
      const { report, warnings } = read({ payout: '12,50' });
      expect(report.payout).toBe('12.50');
      expect(warnings).toEqual([]);
    });

    it('warns when the comma could be a thousands separator, still reading it as decimal', () => {
      const { report, warnings } = read({ payout: '1,234', revenue: '2,500' });
      expect(report).toMatchObject({ payout: '1.234', revenue: '2.50' });
      expect(warnings).toEqual(['payout_comma_ambiguous', 'revenue_comma_ambiguous']);
    });

    it('leaves an unreadable amount to the offer default, with a warning', () => {
      for (const bad of ['abc', '1.2.3', '', '-5', '1\u00002']) {
        const { report, warnings } = read({ payout: bad, revenue: '4' });
        expect(report).toMatchObject({ payout: null, revenue: '4.00' });
        expect(warnings).toEqual(['payout_unparsed']);
      }
      expect(read({ revenue: 'n/a' }).warnings).toEqual(['revenue_unparsed']);
    });

    it('leaves amounts in an unreadable currency to the offer defaults', () => {
      for (const bad of ['EURO', 'XYZ', 'E\u0000R', '€']) {
        const { report, warnings } = read({ payout: '5', revenue: '6', currency: bad });
        expect(report).toMatchObject({ payout: null, revenue: null, currency: null });
        expect(warnings).toEqual(['currency_unknown']);
      }
      // Nothing was reported in it, so nothing is lost.
      expect(read({ currency: 'EURO' }).warnings).toEqual([]);
      expect(read({ payout: '5', currency: 'eur' }).report.currency).toBe('EUR');
    });
  });

  describe('a NUL character (%00)', () => {
    it('is refused, named, in the click id and the status words', () => {
      for (const params of [
        { transaction_id: 'T\u0000' },
        { clickid: '\u0000' },
        { subid: 'T', status: 'sale\u0000' },
        { subid: 'T', status: 'paid', approved_status: 'paid,\u0000' },
      ]) {
        const error = failure(() => parseIntakeParams(params, undefined));
        const field = Object.keys(params).find((k) =>
          params[k as keyof typeof params]!.includes('\u0000'),
        );
        expect(error).toMatchObject({ statusCode: 400, code: 'validation_failed' });
        expect(error?.details).toEqual([
          { field, message: `${field} must not contain a NUL character (%00)` },
        ]);
      }
      // An alias that is not the one used does not matter.
      expect(
        parseIntakeParams({ transaction_id: 'T', subid: '\u0000' }, {}).report.transactionId,
      ).toBe('T');
    });

    it('is stripped from free text, with a warning', () => {
      const { report, reply, warnings } = parseIntakeParams(
        {
          clickid: 'T',
          status: 'trash',
          tid: 'o\u0000rder',
          goal: 'dep\u0000',
          rejection_reason: '\u0000fraud',
          return: 'O\u0000K',
        },
        undefined,
      );
      expect(report).toMatchObject({
        advertiserTransactionId: 'order',
        event: 'dep',
        rejectionReason: 'fraud',
      });
      expect(reply).toEqual({ kind: 'text', text: 'OK' });
      expect(warnings).toEqual([
        'tid_nul_stripped',
        'goal_nul_stripped',
        'rejection_reason_nul_stripped',
        'return_nul_stripped',
      ]);
    });
  });

  describe('an over-long value', () => {
    it('is refused in the click id and the status words, naming the parameter', () => {
      for (const [params, field] of [
        [{ clickid: 'x'.repeat(257) }, 'clickid'],
        [{ clickid: 'T', status: 's'.repeat(65) }, 'status'],
        [{ clickid: 'T', status: 'paid', approved_status: 'p'.repeat(513) }, 'approved_status'],
      ] as const) {
        const error = failure(() => parseIntakeParams(params, undefined));
        expect(error).toMatchObject({ statusCode: 400, code: 'parameter_too_long' });
        expect(error?.details[0].field).toBe(field);
      }
    });

    it('as an amount is unreadable: the offer default, with a warning', () => {
      const long = `12.${'5'.repeat(30)}`; // 33 characters
      const { report, warnings } = parseIntakeParams(
        { clickid: 'T', payout: long, revenue: ` ${long}` },
        undefined,
      );
      expect(report).toMatchObject({ payout: null, revenue: null });
      expect(warnings).toEqual(['payout_unparsed', 'revenue_unparsed']);
      // 32 characters are still read.
      const read = parseIntakeParams({ clickid: 'T', payout: long.slice(0, 32) }, undefined);
      expect(read.report.payout).toBe('12.55555556');
      expect(read.warnings).toEqual(['payout_rounded']);
    });

    it('as a currency is an unknown currency: the offer defaults', () => {
      const { report, warnings } = parseIntakeParams(
        { clickid: 'T', payout: '5', currency: 'United States Dollar' },
        undefined,
      );
      expect(report).toMatchObject({ payout: null, revenue: null, currency: null });
      expect(warnings).toEqual(['currency_unknown']);
    });

    it('as free text is cut to its column, with a warning', () => {
      const { report, reply, warnings } = parseIntakeParams(
        {
          clickid: 'T',
          status: 'trash',
          tid: 't'.repeat(300),
          goal: 'g'.repeat(101),
          rejection_reason: 'r'.repeat(600),
          return: 'x'.repeat(257),
        },
        undefined,
      );
      expect(report).toMatchObject({
        advertiserTransactionId: 't'.repeat(256),
        event: 'g'.repeat(100),
        rejectionReason: 'r'.repeat(512),
      });
      expect(reply).toEqual({ kind: 'text', text: 'x'.repeat(256) });
      expect(warnings).toEqual([
        'tid_truncated',
        'goal_truncated',
        'rejection_reason_truncated',
        'return_truncated',
      ]);
    });

    it('is counted in characters, as the column counts them, after a NUL is dropped', () => {
      // 100 emoji are 200 UTF-16 units but 100 characters: event is varchar(100).
      const emoji = '\u{1F600}'.repeat(100);
      expect(parseIntakeParams({ clickid: 'T', event: emoji }, undefined)).toMatchObject({
        report: { event: emoji },
        warnings: [],
      });
      const cut = parseIntakeParams({ clickid: 'T', event: `${emoji}\u{1F600}` }, undefined);
      expect(cut.report.event).toBe(emoji); // never half a surrogate pair
      expect(cut.warnings).toEqual(['event_truncated']);
      const nul = parseIntakeParams({ clickid: 'T', tid: `${'t'.repeat(256)}\u0000` }, undefined);
      expect(nul.report.advertiserTransactionId).toBe('t'.repeat(256));
      expect(nul.warnings).toEqual(['tid_nul_stripped']);
    });

    it('of a parameter it does not know is ignored', () => {
      expect(
        parseIntakeParams({ clickid: 'T', other: 'x'.repeat(5000) }, {}).report.transactionId,
      ).toBe('T');
    });
  });
});

describe('collectParams', () => {
  it('merges query and form body, the body winning, first of repeated values', () => {
    const params = collectParams(
      { clickid: 'Q', status: ['lead', 'sale'] },
      { clickid: 'B', payout: 3 },
    );
    expect(params.get('clickid')).toBe('B');
    expect(params.get('status')).toBe('lead');
    expect(params.get('payout')).toBe('3');
  });

  it('ignores a body that is not an object', () => {
    expect(collectParams({ clickid: 'Q' }, 'clickid=B').get('clickid')).toBe('Q');
  });

  it('refuses nested values', () => {
    expect(failure(() => collectParams({ clickid: { a: 1 } }))?.code).toBe('validation_failed');
  });
});
