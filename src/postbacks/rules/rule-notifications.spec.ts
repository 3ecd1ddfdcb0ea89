import type { Principal } from '../../common/auth/principal';
import type { PostbackRule } from './postback-rule.entity';
import { ruleChangeEvents } from './rule-notifications';

const principal = { label: 'ops@network.example' } as Principal;
const rule = (fields: Partial<PostbackRule>) =>
  ({ id: 1, name: 'R', publisherId: 2, offerIds: [], url: 'https://t.example', enabled: true, pendingRevision: null, ...fields }) as PostbackRule;

describe('ruleChangeEvents', () => {
  it('turns enabled → disabled into postback.paused and back into postback.resumed', () => {
    expect(ruleChangeEvents(principal, rule({}), rule({ enabled: false }), false)).toEqual([
      { type: 'postback.paused', rule: rule({ enabled: false }), reason: 'paused by ops@network.example' },
    ]);
    const resumed = ruleChangeEvents(principal, rule({ enabled: false }), rule({}), false);
    expect(resumed.map((e) => e.type)).toEqual(['postback.resumed']);
  });

  it('notifies nothing for a change that neither pauses, resumes nor waits', () => {
    expect(ruleChangeEvents(principal, rule({}), rule({ name: 'S' }), false)).toEqual([]);
    expect(ruleChangeEvents(principal, null, rule({}), false)).toEqual([]);
  });

  it('asks for approval of a new rule or a change, naming the revision', () => {
    expect(ruleChangeEvents(principal, null, rule({ pendingRevision: 1 }), true)).toEqual([
      expect.objectContaining({ type: 'postback.approval_requested', reason: 'ops@network.example created the rule' }),
    ]);
    const changed = ruleChangeEvents(principal, rule({}), rule({ pendingRevision: 3 }), true);
    expect(changed[0].reason).toMatch(/revision 3/);
  });
});
