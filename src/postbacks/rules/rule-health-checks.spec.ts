import { clickMacrosUsed, healthBadge, macroWarnings } from './rule-health-checks';

describe('clickMacrosUsed', () => {
  it('finds click macros in URL, headers and body once each, aliases as canonical names', () => {
    const uses = clickMacrosUsed({
      url: 'https://t.example/pb?cid={sub2}&tid={transaction_id}&p={payout}&a={aff_click_id}',
      headers: { 'X-Src': '{source}', 'X-Sub': '{sub2|raw}' },
      body: '{"ua":"{user_agent}","ip":"{ip}","s1":"{SUB1}"}',
    });
    expect(uses).toEqual([
      { macro: 'sub2', field: 'url' },
      { macro: 'external_transaction_id', field: 'url' },
      { macro: 'source', field: 'headers.X-Src' },
      { macro: 'user_agent', field: 'body' },
      { macro: 'ip', field: 'body' },
    ]);
  });

  it('skips macros that are never empty', () => {
    const url = 'https://t.example/?t={transaction_id}&o={offer_id}&a={aff_id}&c={click_time}';
    expect(clickMacrosUsed({ url, headers: {}, body: null })).toEqual([]);
  });
});

describe('macroWarnings', () => {
  it('warns above 90 % empty, with the counts', () => {
    expect(
      macroWarnings([
        { macro: 'sub2', emptyIn: 1000, of: 1000 },
        { macro: 'sub1', emptyIn: 900, of: 1000 },
        { macro: 'sub3', emptyIn: 20, of: 20 },
      ]),
    ).toEqual([
      {
        code: 'macro_usually_empty',
        message: '`{sub2}` was empty in 1,000 of your last 1,000 clicks',
        macro: 'sub2',
      },
      {
        code: 'macro_usually_empty',
        message: '`{sub3}` was empty in 20 of your last 20 clicks',
        macro: 'sub3',
      },
    ]);
  });

  it('does not warn without clicks', () => {
    expect(macroWarnings([{ macro: 'sub2', emptyIn: 0, of: 0 }])).toEqual([]);
  });
});

describe('healthBadge', () => {
  const on = { enabled: true, pausedReason: null };
  it('is idle with no deliveries, ok when they arrive, failing when over 10 % do not', () => {
    expect(healthBadge(on, { delivered: 0, failed: 0, retrying: 0 }).state).toBe('idle');
    expect(healthBadge(on, { delivered: 95, failed: 5, retrying: 0 }).state).toBe('ok');
    expect(healthBadge(on, { delivered: 80, failed: 10, retrying: 10 })).toEqual({
      state: 'failing',
      deliveredLast24h: 80,
      failedLast24h: 10,
      retryingLast24h: 10,
    });
  });

  it('is paused when disabled or paused by the engine, whatever the counts', () => {
    const counts = { delivered: 0, failed: 4, retrying: 0 };
    expect(healthBadge({ enabled: false, pausedReason: null }, counts).state).toBe('paused');
    expect(healthBadge({ enabled: true, pausedReason: '410 Gone' }, counts).state).toBe('paused');
  });
});
