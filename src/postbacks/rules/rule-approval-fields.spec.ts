import { applyRevision, changedSendingFields, SendingFields } from './rule-approval-fields';

const live: SendingFields = {
  method: 'GET',
  url: 'https://a.example/p',
  headers: { 'X-Token': '1' },
  body: null,
  contentType: null,
};

describe('changedSendingFields', () => {
  it('names the sending fields that differ, comparing objects by value', () => {
    expect(changedSendingFields(live, { ...live, headers: { 'X-Token': '1' } })).toEqual([]);
    expect(
      changedSendingFields(live, { ...live, url: 'https://b.example/p', headers: {} }),
    ).toEqual(['url', 'headers']);
  });
});

describe('applyRevision', () => {
  it('applies only the fields the revision changed, keeping a later manager change elsewhere', () => {
    const proposed = { ...live, url: 'https://b.example/p' };
    const managerChanged = { ...live, headers: { 'X-Token': '2' } };
    expect(
      applyRevision(managerChanged, proposed, {
        url: { before: live.url, after: proposed.url },
      }),
    ).toEqual({ ...live, url: 'https://b.example/p', headers: { 'X-Token': '2' } });
  });
});
