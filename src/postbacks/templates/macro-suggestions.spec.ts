import { suggestMacro } from './macro-suggestions';

describe('suggestMacro', () => {
  it.each([
    ['payot', 'payout'],
    ['staus', 'status'],
    ['sub_1', 'sub1'],
    ['offerid', 'offer_id'],
    ['aff_clik_id', 'aff_click_id'],
    ['transactionid', 'transaction_id'],
    ['conversion_tme', 'conversion_time'],
  ])('suggests the nearest known name for the typo %p', (typo, expected) => {
    expect(suggestMacro(typo)).toBe(expected);
  });

  it.each([
    ['SUB1', 'sub1'],
    ['Payout', 'payout'],
    ['AFF_CLICK_ID', 'aff_click_id'],
  ])('suggests the lowercase spelling of %p', (name, expected) => {
    expect(suggestMacro(name)).toBe(expected);
  });

  it.each([
    ['clickid', 'external_transaction_id'],
    ['click_id', 'external_transaction_id'],
    ['subid', 'external_transaction_id'],
    ['clikid', 'external_transaction_id'],
    ['sum', 'payout'],
    ['tid', 'adv_transaction_id'],
    ['s2', 'sub2'],
    ['price', 'payout'],
  ])('maps the other-tracker name %p to our macro', (name, expected) => {
    expect(suggestMacro(name)).toBe(expected);
  });

  it.each(['xyz', 'zzzzqqq', 'utm_campaign_name', 'a'])(
    'stays silent for the far-off %p',
    (name) => {
      expect(suggestMacro(name)).toBeUndefined();
    },
  );
});
