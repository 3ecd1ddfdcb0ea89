import {
  CANONICAL_MACRO_NAMES,
  canonicalMacroName,
  CLICK_MACROS,
  MACRO_ALIASES,
  MACROS,
  macroDefinition,
  NETWORK_ONLY_MACROS,
  SAMPLE_VALUES,
} from './macros';

// SPEC §7, in table order.
const SPEC_NAMES = [
  'transaction_id',
  'external_transaction_id',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'source',
  'offer_id',
  'offer_name',
  'aff_id',
  'ip',
  'user_agent',
  'click_time',
  'impression_id',
  'conversion_id',
  'event',
  'conversion_time',
  'status',
  'raw_status',
  'rejection_reason',
  'payout',
  'currency',
  'adv_transaction_id',
  'delivery_id',
  'timestamp',
  'random',
  'revenue',
  'advertiser_id',
];

describe('macro catalogue', () => {
  it('lists exactly the SPEC §7 macros', () => {
    expect([...CANONICAL_MACRO_NAMES]).toEqual(SPEC_NAMES);
  });

  it('uses names the template parser recognises, each with a description', () => {
    for (const def of MACROS) {
      expect(def.name).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(def.description.length).toBeGreaterThan(3);
      for (const alias of def.aliases) expect(alias).toMatch(/^[a-z_][a-z0-9_]*$/);
    }
  });

  it('has the SPEC aliases and no alias shadowing a canonical name', () => {
    expect(Object.fromEntries(MACRO_ALIASES)).toEqual({
      aff_click_id: 'external_transaction_id',
      publisher_id: 'aff_id',
      goal: 'event',
    });
    for (const alias of MACRO_ALIASES.keys()) expect(CANONICAL_MACRO_NAMES).not.toContain(alias);
  });

  it('marks only revenue and advertiser_id as network-only', () => {
    expect([...NETWORK_ONLY_MACROS].sort()).toEqual(['advertiser_id', 'revenue']);
    expect(macroDefinition('revenue')?.networkOnly).toBe(true);
    expect(macroDefinition('payout')?.networkOnly).toBe(false);
  });

  it('marks the macros known at click time as click macros', () => {
    expect([...CLICK_MACROS].sort()).toEqual(
      [
        'transaction_id',
        'external_transaction_id',
        'sub1',
        'sub2',
        'sub3',
        'sub4',
        'sub5',
        'source',
        'offer_id',
        'offer_name',
        'aff_id',
        'ip',
        'user_agent',
        'click_time',
        'timestamp',
        'random',
      ].sort(),
    );
    expect(CLICK_MACROS.has('payout')).toBe(false);
    expect(CLICK_MACROS.has('conversion_id')).toBe(false);
  });
});

describe('canonicalMacroName', () => {
  it('returns canonical names unchanged', () => {
    for (const name of SPEC_NAMES) expect(canonicalMacroName(name)).toBe(name);
  });

  it.each([
    ['aff_click_id', 'external_transaction_id'],
    ['publisher_id', 'aff_id'],
    ['goal', 'event'],
  ])('resolves the alias %s to %s', (alias, canonical) => {
    expect(canonicalMacroName(alias)).toBe(canonical);
    expect(macroDefinition(alias)?.name).toBe(canonical);
  });

  it.each(['SUB1', 'Payout', 'clickid', '', 'sub6', 'constructor', '__proto__', 'toString'])(
    'knows nothing of %p (no prototype look-ups either)',
    (name) => {
      expect(canonicalMacroName(name)).toBeUndefined();
    },
  );
});

describe('SAMPLE_VALUES', () => {
  it('has a non-empty value for every canonical macro and nothing else', () => {
    expect(Object.keys(SAMPLE_VALUES).sort()).toEqual([...SPEC_NAMES].sort());
    for (const value of Object.values(SAMPLE_VALUES)) expect(value).not.toBe('');
  });

  it('looks like real data', () => {
    expect(SAMPLE_VALUES.payout).toBe('12.50');
    expect(SAMPLE_VALUES.currency).toBe('USD');
    expect(SAMPLE_VALUES.status).toBe('approved');
    expect(SAMPLE_VALUES.revenue).toMatch(/^\d+\.\d{2}$/);
    expect(SAMPLE_VALUES.ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    for (const time of ['click_time', 'conversion_time', 'timestamp']) {
      expect(SAMPLE_VALUES[time]).toMatch(/^\d{10}$/);
    }
    // A conversion happens after its click, and fires after both.
    expect(Number(SAMPLE_VALUES.conversion_time)).toBeGreaterThan(Number(SAMPLE_VALUES.click_time));
    expect(Number(SAMPLE_VALUES.timestamp)).toBeGreaterThan(Number(SAMPLE_VALUES.conversion_time));
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(SAMPLE_VALUES)).toBe(true);
    expect(Object.isFrozen(MACROS)).toBe(true);
  });
});
