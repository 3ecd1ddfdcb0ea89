import { lastErrorText, nextFailure, notificationBody } from './notification-events';

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, s));
const WINDOW = 60_000;
const rule = { id: 7, name: 'Keitaro', publisherId: 3, offerIds: [1, 2], url: 'https://t.example/pb' };

describe('nextFailure (delivery.failed rate limit)', () => {
  it('raises the first failure of a rule at once, counting itself', () => {
    const first = nextFailure({ lastRaisedAt: null, unreported: 0, unreportedSince: null }, at(0), WINDOW);
    expect(first.raise).toEqual({ failures: 1, since: at(0) });
    expect(first.next).toEqual({ lastRaisedAt: at(0), unreported: 0, unreportedSince: null });
  });

  it('holds back failures within the window, counting them from the first held back', () => {
    const start = { lastRaisedAt: at(0), unreported: 0, unreportedSince: null };
    const second = nextFailure(start, at(10), WINDOW);
    expect(second.raise).toBeNull();
    expect(second.next).toEqual({ lastRaisedAt: at(0), unreported: 1, unreportedSince: at(10) });
    const third = nextFailure(second.next, at(59), WINDOW);
    expect(third.raise).toBeNull();
    expect(third.next).toEqual({ lastRaisedAt: at(0), unreported: 2, unreportedSince: at(10) });
  });

  it('raises the next failure after the window with the ones held back', () => {
    const held = { lastRaisedAt: at(0), unreported: 2, unreportedSince: at(10) };
    const next = nextFailure(held, at(60), WINDOW);
    expect(next.raise).toEqual({ failures: 3, since: at(10) });
    expect(next.next).toEqual({ lastRaisedAt: at(60), unreported: 0, unreportedSince: null });
  });
});

describe('notificationBody', () => {
  it('says what happened to which rule, with a console link', () => {
    const body = JSON.parse(
      notificationBody(
        'n-1',
        { type: 'postback.paused', rule, reason: 'last 20 deliveries failed' },
        at(5),
        'https://pm.example.com/base',
      ),
    );
    expect(body).toEqual({
      type: 'postback.paused',
      id: 'n-1',
      occurredAt: '2026-12-03T10:00:05.000Z',
      rule,
      reason: 'last 20 deliveries failed',
      consoleUrl: 'https://pm.example.com/base/app/rules/7',
    });
  });

  it('adds the failures, their start, the last error and the delivery to delivery.failed', () => {
    const body = JSON.parse(
      notificationBody(
        'n-2',
        {
          type: 'delivery.failed',
          rule,
          reason: '3 deliveries failed',
          failures: 3,
          since: at(1),
          lastError: 'HTTP 404',
          deliveryId: 'd-9',
        },
        at(5),
        'http://localhost:3000',
      ),
    );
    expect(body).toMatchObject({
      failures: 3,
      since: '2026-12-03T10:00:01.000Z',
      lastError: 'HTTP 404',
      deliveryId: 'd-9',
    });
  });
});

describe('lastErrorText', () => {
  it('joins what is known of the attempt', () => {
    expect(lastErrorText({ statusCode: 404, error: null, errorMessage: null })).toBe('HTTP 404');
    expect(lastErrorText({ statusCode: null, error: 'timeout', errorMessage: 'no response' })).toBe(
      'timeout: no response',
    );
    expect(lastErrorText({ statusCode: null, error: null, errorMessage: null })).toBe('failed');
  });
});
