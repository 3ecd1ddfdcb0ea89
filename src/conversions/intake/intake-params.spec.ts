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

  it('names the invalid field', () => {
    for (const [name, value] of [
      ['payout', '-1'],
      ['payout', '1,5'],
      ['revenue', '1.23456'],
      ['currency', 'XYZ'],
    ]) {
      const error = failure(() => parseIntakeParams({ clickid: 'T', [name]: value }, undefined));
      expect(error).toMatchObject({ statusCode: 400, code: 'validation_failed' });
      expect(error?.details[0].field).toBe(name);
    }
  });

  it('limits the length of every parameter it reads', () => {
    const error = failure(() => parseIntakeParams({ clickid: 'T', event: 'e'.repeat(101) }, {}));
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_too_long' });
    expect(error?.details[0].field).toBe('event');
    expect(failure(() => parseIntakeParams({ clickid: 'x'.repeat(257) }, undefined))?.code).toBe(
      'parameter_too_long',
    );
    // unknown parameters are ignored, whatever their size
    expect(
      parseIntakeParams({ clickid: 'T', other: 'x'.repeat(5000) }, {}).report.transactionId,
    ).toBe('T');
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
