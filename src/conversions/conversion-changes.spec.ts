import { Amounts, mergeAmounts, planChange } from './conversion-changes';
import type { ConversionStatus } from './conversion.entity';

const amounts = (over: Partial<Amounts> = {}): Amounts => ({
  payout: '10.00',
  revenue: '15.00',
  originalPayout: null,
  originalRevenue: null,
  originalCurrency: null,
  ...over,
});

const conversion = (status: ConversionStatus, over: Partial<Amounts> = {}) => ({
  status,
  rejectionReason: status === 'rejected' ? 'fraud' : null,
  ...amounts(over),
});

describe('mergeAmounts', () => {
  it('keeps the current amounts when nothing is reported', () => {
    expect(mergeAmounts(amounts(), { originalCurrency: null })).toEqual(amounts());
  });

  it('takes converted amounts and keeps what was reported', () => {
    const merged = mergeAmounts(amounts(), {
      payout: { value: '13.50', original: '12.50' },
      originalCurrency: 'EUR',
    });
    expect(merged).toEqual(
      amounts({ payout: '13.50', originalPayout: '12.50', originalCurrency: 'EUR' }),
    );
  });

  it('drops originals of another currency that the new report does not carry', () => {
    const current = amounts({
      originalPayout: '1.00',
      originalRevenue: '2.00',
      originalCurrency: 'EUR',
    });
    const merged = mergeAmounts(current, {
      payout: { value: '5.00', original: '4.00' },
      originalCurrency: 'GBP',
    });
    expect(merged).toMatchObject({
      originalPayout: '4.00',
      originalRevenue: null,
      originalCurrency: 'GBP',
    });
  });

  it('clears the original of an amount reported in the offer currency', () => {
    const current = amounts({
      originalPayout: '1.00',
      originalRevenue: '2.00',
      originalCurrency: 'EUR',
    });
    const merged = mergeAmounts(current, {
      payout: { value: '7.00', original: null },
      originalCurrency: null,
    });
    expect(merged).toMatchObject({
      payout: '7.00',
      originalPayout: null,
      originalRevenue: '2.00',
      originalCurrency: 'EUR',
    });
    const both = mergeAmounts(merged, {
      revenue: { value: '8.00', original: null },
      originalCurrency: null,
    });
    expect(both).toMatchObject({ originalRevenue: null, originalCurrency: null });
  });
});

describe('planChange', () => {
  it('changes the status and records a rejection reason', () => {
    const plan = planChange(
      conversion('pending'),
      { status: 'rejected', rejectionReason: 'dup' },
      'advertiser',
    );
    expect(plan).toEqual({
      statusChanged: true,
      fields: { status: 'rejected', rejectionReason: 'dup' },
    });
  });

  it('clears the rejection reason when a rejected conversion is approved', () => {
    const plan = planChange(conversion('rejected'), { status: 'approved' }, 'admin');
    expect(plan.fields).toEqual({ status: 'approved', rejectionReason: null });
  });

  it('ignores a rejection reason on a conversion that is not rejected', () => {
    const plan = planChange(
      conversion('pending'),
      { status: 'approved', rejectionReason: 'x' },
      'admin',
    );
    expect(plan.fields).toEqual({ status: 'approved' });
  });

  it('is no change for the same status', () => {
    expect(planChange(conversion('approved'), { status: 'approved' }, 'advertiser')).toEqual({
      statusChanged: false,
      fields: {},
    });
  });

  it('updates a rejection reason or amounts without a status change', () => {
    const plan = planChange(
      conversion('rejected'),
      {
        rejectionReason: 'chargeback',
        amounts: { payout: { value: '0.00', original: null }, originalCurrency: null },
      },
      'admin',
    );
    expect(plan).toEqual({
      statusChanged: false,
      fields: { rejectionReason: 'chargeback', payout: '0.00' },
    });
  });

  it('refuses transitions outside the rules', () => {
    expect(() => planChange(conversion('approved'), { status: 'pending' }, 'admin')).toThrow(
      /cannot change from approved to pending/,
    );
    expect(() => planChange(conversion('rejected'), { status: 'approved' }, 'advertiser')).toThrow(
      /Only the network/,
    );
  });
});
