import type { ConversionStatus } from '../../conversions/conversion.entity';
import { MatchableRule, matchRules, ruleTypeFor, TriggerEvent } from './rule-matcher';

const PUBLISHER = 7;
const OTHER_PUBLISHER = 8;
const OFFER = 12;
const OTHER_OFFER = 13;

let nextId = 1;
function rule(overrides: Partial<MatchableRule> = {}): MatchableRule {
  return {
    id: nextId++,
    type: 'conversion',
    publisherId: PUBLISHER,
    offerIds: null,
    enabled: true,
    statuses: null,
    rejectionReasons: null,
    events: null,
    ...overrides,
  };
}

function conversion(
  overrides: Partial<{
    publisherId: number;
    offerId: number;
    status: ConversionStatus;
    event: string | null;
    rejectionReason: string | null;
  }> = {},
): TriggerEvent {
  return {
    kind: 'conversion',
    publisherId: PUBLISHER,
    offerId: OFFER,
    status: 'approved',
    event: null,
    rejectionReason: null,
    ...overrides,
  };
}

function ids(rules: MatchableRule[]): number[] {
  return rules.map((r) => r.id);
}

describe('ruleTypeFor', () => {
  it('maps clicks and impressions to their own type', () => {
    expect(ruleTypeFor({ kind: 'click', publisherId: 1, offerId: 1 })).toBe('click');
    expect(ruleTypeFor({ kind: 'impression', publisherId: 1, offerId: 1 })).toBe('impression');
  });

  it('maps a conversion without an event to conversion, with one to event', () => {
    expect(ruleTypeFor(conversion({ event: null }))).toBe('conversion');
    expect(ruleTypeFor(conversion({ event: '' }))).toBe('conversion');
    expect(ruleTypeFor(conversion({ event: '   ' }))).toBe('conversion');
    expect(ruleTypeFor(conversion({ event: 'deposit' }))).toBe('event');
  });
});

describe('matchRules — scope and priority', () => {
  it('fires a global rule for any offer', () => {
    const global = rule();
    expect(matchRules(conversion(), [global])).toEqual([global]);
    expect(matchRules(conversion({ offerId: OTHER_OFFER }), [global])).toEqual([global]);
  });

  it('treats an empty offerIds list as global', () => {
    const global = rule({ offerIds: [] });
    expect(matchRules(conversion({ offerId: 999 }), [global])).toEqual([global]);
  });

  it('fires a local rule only for the offers it lists', () => {
    const local = rule({ offerIds: [OFFER, 50] });
    expect(matchRules(conversion(), [local])).toEqual([local]);
    expect(matchRules(conversion({ offerId: 50 }), [local])).toEqual([local]);
    expect(matchRules(conversion({ offerId: OTHER_OFFER }), [local])).toEqual([]);
  });

  it('lets a local rule suppress the global one for its offer only', () => {
    const global = rule();
    const local = rule({ offerIds: [OFFER] });
    expect(matchRules(conversion(), [global, local])).toEqual([local]);
    expect(matchRules(conversion({ offerId: OTHER_OFFER }), [global, local])).toEqual([global]);
  });

  it('fires every local rule covering the offer and every global rule when none does', () => {
    const globalA = rule();
    const globalB = rule();
    const localA = rule({ offerIds: [OFFER] });
    const localB = rule({ offerIds: [OFFER, OTHER_OFFER] });
    const rules = [globalA, localA, globalB, localB];
    expect(ids(matchRules(conversion(), rules))).toEqual([localA.id, localB.id]);
    expect(ids(matchRules(conversion({ offerId: OTHER_OFFER }), rules))).toEqual([localB.id]);
    expect(ids(matchRules(conversion({ offerId: 99 }), rules))).toEqual([globalA.id, globalB.id]);
  });

  it('fires network-level rules for every publisher', () => {
    const network = rule({ publisherId: null });
    expect(matchRules(conversion(), [network])).toEqual([network]);
    expect(matchRules(conversion({ publisherId: OTHER_PUBLISHER }), [network])).toEqual([network]);
  });

  it('decides priority independently for publisher and network-level rules', () => {
    const publisherGlobal = rule();
    const networkGlobal = rule({ publisherId: null });
    const publisherLocal = rule({ offerIds: [OFFER] });
    const networkLocal = rule({ publisherId: null, offerIds: [OTHER_OFFER] });
    const rules = [publisherGlobal, networkGlobal, publisherLocal, networkLocal];

    // Publisher local wins on OFFER, network global still fires there.
    expect(ids(matchRules(conversion(), rules))).toEqual([networkGlobal.id, publisherLocal.id]);
    // Network local wins on OTHER_OFFER, publisher global still fires there.
    expect(ids(matchRules(conversion({ offerId: OTHER_OFFER }), rules))).toEqual([
      publisherGlobal.id,
      networkLocal.id,
    ]);
  });

  it('never lets a network-level local rule suppress a publisher global rule', () => {
    const publisherGlobal = rule();
    const networkLocal = rule({ publisherId: null, offerIds: [OFFER] });
    expect(ids(matchRules(conversion(), [publisherGlobal, networkLocal]))).toEqual([
      publisherGlobal.id,
      networkLocal.id,
    ]);
  });

  it("never fires another publisher's rules, nor lets them suppress anything", () => {
    const ownGlobal = rule();
    const foreignGlobal = rule({ publisherId: OTHER_PUBLISHER });
    const foreignLocal = rule({ publisherId: OTHER_PUBLISHER, offerIds: [OFFER] });
    expect(matchRules(conversion(), [foreignGlobal, foreignLocal, ownGlobal])).toEqual([ownGlobal]);
  });

  it('ignores disabled rules, so a disabled local rule lets the global fire again', () => {
    const global = rule();
    const disabledLocal = rule({ offerIds: [OFFER], enabled: false });
    expect(matchRules(conversion(), [global, disabledLocal])).toEqual([global]);
    expect(matchRules(conversion(), [rule({ enabled: false })])).toEqual([]);
  });

  it('keeps the global suppressed when the local rule covering the offer fails its conditions', () => {
    const global = rule({ statuses: ['approved', 'pending'] });
    const approvedOnlyLocal = rule({ offerIds: [OFFER], statuses: ['approved'] });
    expect(matchRules(conversion({ status: 'pending' }), [global, approvedOnlyLocal])).toEqual([]);
    expect(matchRules(conversion({ status: 'approved' }), [global, approvedOnlyLocal])).toEqual([
      approvedOnlyLocal,
    ]);
  });

  it('does not let a local rule of another type suppress the global one', () => {
    const global = rule({ type: 'conversion' });
    const eventLocal = rule({ type: 'event', offerIds: [OFFER] });
    expect(matchRules(conversion(), [global, eventLocal])).toEqual([global]);
  });

  it('returns rules in input order without duplicates', () => {
    const a = rule({ publisherId: null });
    const b = rule();
    const c = rule({ publisherId: null });
    expect(matchRules(conversion(), [c, b, a])).toEqual([c, b, a]);
    expect(matchRules(conversion(), [b, a, b, a])).toEqual([b, a]);
  });

  it('returns nothing when there are no rules', () => {
    expect(matchRules(conversion(), [])).toEqual([]);
  });

  it('keeps the caller’s own rule objects (generic type preserved)', () => {
    const withUrl = { ...rule(), url: 'https://trk.example/pb' };
    const [matched] = matchRules(conversion(), [withUrl]);
    expect(matched.url).toBe('https://trk.example/pb');
  });
});

describe('matchRules — type selection', () => {
  const click = { kind: 'click', publisherId: PUBLISHER, offerId: OFFER } as const;
  const impression = { kind: 'impression', publisherId: PUBLISHER, offerId: OFFER } as const;

  it('fires click rules for clicks only', () => {
    const clickRule = rule({ type: 'click' });
    const others = [rule({ type: 'impression' }), rule(), rule({ type: 'event' })];
    expect(matchRules(click, [clickRule, ...others])).toEqual([clickRule]);
  });

  it('fires impression rules for impressions only', () => {
    const impressionRule = rule({ type: 'impression' });
    const others = [rule({ type: 'click' }), rule(), rule({ type: 'event' })];
    expect(matchRules(impression, [...others, impressionRule])).toEqual([impressionRule]);
  });

  it('applies scope priority to click rules too', () => {
    const global = rule({ type: 'click' });
    const local = rule({ type: 'click', offerIds: [OFFER] });
    expect(matchRules(click, [global, local])).toEqual([local]);
    expect(matchRules({ ...click, offerId: OTHER_OFFER }, [global, local])).toEqual([global]);
  });

  it('ignores conversion conditions on click and impression rules', () => {
    const clickRule = rule({ type: 'click', statuses: ['rejected'], events: ['x'] });
    expect(matchRules(click, [clickRule])).toEqual([clickRule]);
  });

  it('does not fire event rules for a base conversion', () => {
    const eventRule = rule({ type: 'event' });
    const conversionRule = rule();
    expect(matchRules(conversion(), [eventRule, conversionRule])).toEqual([conversionRule]);
  });

  it('does not fire conversion rules for a conversion with an event', () => {
    const eventRule = rule({ type: 'event' });
    const conversionRule = rule();
    expect(matchRules(conversion({ event: 'deposit' }), [conversionRule, eventRule])).toEqual([
      eventRule,
    ]);
  });
});

describe('matchRules — conditions', () => {
  it('defaults statuses to approved when null or empty', () => {
    for (const statuses of [null, []]) {
      const r = rule({ statuses });
      expect(matchRules(conversion({ status: 'approved' }), [r])).toEqual([r]);
      expect(matchRules(conversion({ status: 'pending' }), [r])).toEqual([]);
      expect(matchRules(conversion({ status: 'rejected' }), [r])).toEqual([]);
    }
  });

  it('fires only for listed statuses', () => {
    const r = rule({ statuses: ['pending', 'rejected'] });
    expect(matchRules(conversion({ status: 'pending' }), [r])).toEqual([r]);
    expect(matchRules(conversion({ status: 'rejected' }), [r])).toEqual([r]);
    expect(matchRules(conversion({ status: 'approved' }), [r])).toEqual([]);
  });

  it('accepts any rejection reason when the list is null or empty', () => {
    for (const rejectionReasons of [null, [], ['  ']]) {
      const r = rule({ statuses: ['rejected'], rejectionReasons });
      expect(matchRules(conversion({ status: 'rejected', rejectionReason: 'fraud' }), [r])).toEqual(
        [r],
      );
      expect(matchRules(conversion({ status: 'rejected', rejectionReason: null }), [r])).toEqual([
        r,
      ]);
    }
  });

  it('matches listed rejection reasons case-insensitively and trimmed', () => {
    const r = rule({ statuses: ['rejected'], rejectionReasons: [' Fraud ', 'duplicate'] });
    const rejected = (rejectionReason: string | null) =>
      matchRules(conversion({ status: 'rejected', rejectionReason }), [r]);
    expect(rejected('fraud')).toEqual([r]);
    expect(rejected('  DUPLICATE ')).toEqual([r]);
    expect(rejected('test lead')).toEqual([]);
    expect(rejected(null)).toEqual([]);
    expect(rejected('')).toEqual([]);
  });

  it('ignores rejection reasons for statuses other than rejected', () => {
    const r = rule({ statuses: ['approved', 'pending', 'rejected'], rejectionReasons: ['fraud'] });
    expect(matchRules(conversion({ status: 'approved' }), [r])).toEqual([r]);
    expect(matchRules(conversion({ status: 'pending', rejectionReason: 'other' }), [r])).toEqual([
      r,
    ]);
    expect(matchRules(conversion({ status: 'rejected', rejectionReason: 'other' }), [r])).toEqual(
      [],
    );
  });

  it('applies status conditions to event rules', () => {
    const r = rule({ type: 'event' });
    expect(matchRules(conversion({ event: 'deposit', status: 'approved' }), [r])).toEqual([r]);
    expect(matchRules(conversion({ event: 'deposit', status: 'pending' }), [r])).toEqual([]);
  });

  it('fires an event rule for any event when its events list is null or empty', () => {
    for (const events of [null, []]) {
      const r = rule({ type: 'event', events });
      expect(matchRules(conversion({ event: 'deposit' }), [r])).toEqual([r]);
      expect(matchRules(conversion({ event: 'registration' }), [r])).toEqual([r]);
    }
  });

  it('limits an event rule to its listed events, case-insensitively', () => {
    const r = rule({ type: 'event', events: ['Deposit', 'ftd'] });
    expect(matchRules(conversion({ event: 'deposit' }), [r])).toEqual([r]);
    expect(matchRules(conversion({ event: ' FTD ' }), [r])).toEqual([r]);
    expect(matchRules(conversion({ event: 'registration' }), [r])).toEqual([]);
  });

  it('ignores the events list on base conversion rules', () => {
    const r = rule({ type: 'conversion', events: ['deposit'] });
    expect(matchRules(conversion({ event: null }), [r])).toEqual([r]);
  });

  it('checks conditions per rule, so one failing rule does not hide another', () => {
    const approvedRule = rule({ publisherId: null });
    const pendingRule = rule({ publisherId: null, statuses: ['pending'] });
    expect(matchRules(conversion({ status: 'pending' }), [approvedRule, pendingRule])).toEqual([
      pendingRule,
    ]);
  });
});
