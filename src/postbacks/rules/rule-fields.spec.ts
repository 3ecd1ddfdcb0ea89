import { defaultRuleFields, mergeRuleFields } from './rule-fields';
import { RuleFields } from './rule-fields-view';

const base: RuleFields = {
  ...defaultRuleFields(),
  name: 'Rule',
  type: 'conversion',
  url: 'https://trk.example/pb?id={external_transaction_id}',
};

describe('mergeRuleFields', () => {
  it('keeps fields that are not given and applies the SPEC defaults', () => {
    expect(mergeRuleFields(base, {})).toEqual(base);
    expect(base).toMatchObject({
      method: 'GET',
      statuses: ['approved'],
      delaySeconds: 0,
      maxAttempts: 8,
      timeoutMs: 10000,
      enabled: true,
      contentType: null,
    });
  });

  it('reads null as "none" or the default, never as a stored null list', () => {
    const full = mergeRuleFields(base, {
      offerIds: [3],
      headers: { 'X-A': '1' },
      statuses: ['rejected'],
      rejectionReasons: ['fraud'],
      events: ['deposit'],
      statusMap: { approved: 'sale' },
      publisherId: 7,
    });
    const cleared = mergeRuleFields(full, {
      offerIds: null,
      headers: null,
      statuses: null,
      rejectionReasons: null,
      events: null,
      statusMap: null,
      publisherId: null,
    });
    expect(cleared).toEqual(base);
  });

  it('stores an empty statuses list as the default it stands for', () => {
    expect(mergeRuleFields(base, { statuses: [] }).statuses).toEqual(['approved']);
  });

  it('defaults the content type of a POST or PUT body to form encoding', () => {
    const post = mergeRuleFields(base, { method: 'POST', body: 'a={sub1}' });
    expect(post.contentType).toBe('application/x-www-form-urlencoded');
    const json = mergeRuleFields(base, {
      method: 'PUT',
      body: '{}',
      contentType: 'application/json',
    });
    expect(json.contentType).toBe('application/json');
    expect(mergeRuleFields(base, { method: 'POST' }).contentType).toBeNull();
  });

  it('drops a leftover content type when the rule becomes a GET without a body', () => {
    const post = mergeRuleFields(base, { method: 'POST', body: 'a=1' });
    expect(mergeRuleFields(post, { method: 'GET', body: null }).contentType).toBeNull();
    // Still there while a body is: the checks report the body.
    expect(mergeRuleFields(post, { method: 'GET' }).contentType).not.toBeNull();
    // Given explicitly with a GET: kept, so the checks can refuse it.
    expect(mergeRuleFields(base, { contentType: 'application/json' }).contentType).toBe(
      'application/json',
    );
  });
});
