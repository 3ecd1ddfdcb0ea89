import type { Offer } from '../catalog/offers/offer.entity';
import type { Click } from './click.entity';
import { clickMacroValues, renderClickLocation } from './click-location';
import { TRANSPARENT_GIF } from './transparent-gif';

const offer = (url: string) => ({ id: 12, name: 'Summer & Sun', url }) as Offer;
const click: Click = {
  transactionId: 'AbC-_123',
  offerId: 12,
  publisherId: 7,
  externalTransactionId: 'ext 1&2#3',
  sub1: 'ünï',
  sub2: null,
  sub3: 'a/b',
  sub4: null,
  sub5: '5',
  source: 'fb',
  ip: '203.0.113.9',
  userAgent: 'Mozilla/5.0 (X11)',
  referer: null,
  createdAt: new Date(1_718_000_000_999),
};

describe('click redirect', () => {
  it('renders every click macro, URL-encoded', () => {
    const template =
      'https://adv.example/lp?t={transaction_id}&e={external_transaction_id}&a={aff_click_id}' +
      '&s1={sub1}&s2={sub2}&s3={sub3}&s5={sub5}&src={source}&o={offer_id}&on={offer_name}' +
      '&p={aff_id}&pp={publisher_id}&ip={ip}&ua={user_agent}&ct={click_time}&ts={timestamp}&r={random}';
    const location = renderClickLocation(offer(template), clickMacroValues(click, offer(''), 42));
    expect(location).toBe(
      'https://adv.example/lp?t=AbC-_123&e=ext%201%262%233&a=ext%201%262%233' +
        '&s1=%C3%BCn%C3%AF&s2=&s3=a%2Fb&s5=5&src=fb&o=12&on=Summer%20%26%20Sun' +
        '&p=7&pp=7&ip=203.0.113.9&ua=Mozilla%2F5.0%20%28X11%29&ct=1718000000&ts=1718000000&r=42',
    );
  });

  it('percent-encodes literal text a header cannot carry', () => {
    const location = renderClickLocation(
      offer('https://adv.example/café?c={transaction_id}'),
      clickMacroValues(click, offer('')),
    );
    expect(location).toBe('https://adv.example/caf%C3%A9?c=AbC-_123');
  });

  it('draws a fresh random number by default', () => {
    const values = new Set(
      Array.from({ length: 20 }, () => clickMacroValues(click, offer('')).random),
    );
    expect(values.size).toBeGreaterThan(1);
  });
});

describe('TRANSPARENT_GIF', () => {
  it('is a 43-byte 1×1 GIF89a', () => {
    expect(TRANSPARENT_GIF).toHaveLength(43);
    expect(TRANSPARENT_GIF.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(TRANSPARENT_GIF.readUInt16LE(6)).toBe(1);
    expect(TRANSPARENT_GIF.readUInt16LE(8)).toBe(1);
    expect(TRANSPARENT_GIF[TRANSPARENT_GIF.length - 1]).toBe(0x3b);
  });
});
