import { macroInQuery, trackingLinkUrl } from './tracking-link-url';

describe('trackingLinkUrl', () => {
  const base = { baseUrl: 'https://go.example.net', offerId: 12, publisherId: 7 };

  it('puts the tracker macro in external_transaction_id as it is', () => {
    expect(trackingLinkUrl({ ...base, clickIdMacro: '{subid}' })).toBe(
      'https://go.example.net/click?offer_id=12&aff_id=7&external_transaction_id={subid}',
    );
    expect(trackingLinkUrl({ ...base, clickIdMacro: '${SUBID}' })).toBe(
      'https://go.example.net/click?offer_id=12&aff_id=7&external_transaction_id=${SUBID}',
    );
    expect(trackingLinkUrl({ ...base, clickIdMacro: '[clickid]' })).toContain(
      'external_transaction_id=[clickid]',
    );
  });

  it('leaves the parameter out without a macro and keeps a base path', () => {
    expect(
      trackingLinkUrl({ ...base, baseUrl: 'https://net.example/pm', clickIdMacro: null }),
    ).toBe('https://net.example/pm/click?offer_id=12&aff_id=7');
  });

  it('encodes what would end or split the parameter', () => {
    expect(macroInQuery('{a b}&x=#1+%')).toBe('{a%20b}%26x%3D%231%2B%25');
  });
});
