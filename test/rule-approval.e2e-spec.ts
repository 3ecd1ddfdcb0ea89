import { randomBytes } from 'node:crypto';
import { createNetwork, createConversion, clickOn, Network } from './helpers/conversion-fixtures';
import { createKey, createPublisher } from './helpers/fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const REDACTED = '[redacted]';

// SPEC §13 approval, end to end: settings, pending rules and revisions, held deliveries, the
// decisions, their audit trail, scoping, and two decisions (or a decision and an edit) racing.
describe('Approval of publisher rules (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let network: Network;
  let pubKeyId: number;

  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await Receiver.start();
    network = await createNetwork(t);
    const keys = await t.get('/api/api-keys?limit=500');
    pubKeyId = keys.body.items.find((k: any) => k.publisherId === network.publisher.id).id;
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.stop();
  });

  const asPublisher = { key: () => network.publisherKey };
  const setApproval = (on: boolean) =>
    t.call('PUT', '/api/settings', { body: { publisherRulesRequireApproval: on } });

  // A publisher's conversion rule on the network's offer, created with its own key.
  async function publisherRule(path: string, extra: Record<string, unknown> = {}) {
    const res = await t.post(
      '/api/postbacks',
      {
        name: `Rule ${path}`,
        type: 'conversion',
        offerIds: [network.offer.id],
        url: receiver.url(`${path}?subid={external_transaction_id}&tid={conversion_id}`),
        ...extra,
      },
      { key: asPublisher.key() },
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  async function convert(): Promise<string> {
    const transactionId = await clickOn(t, network);
    const conversion = await createConversion(t, { transactionId });
    return conversion.id;
  }

  const logsOf = async (ruleId: number) =>
    (await t.get(`/api/postback-logs?postbackId=${ruleId}&limit=500`)).body.items as any[];

  const auditOf = async (ruleId: number, key?: string) =>
    (await t.get(`/api/audit-log?entityType=postback_rule&entityId=${ruleId}&limit=500`, { key }))
      .body.items as any[];

  describe('settings', () => {
    it('default to approval off, for admins only, validated and audit-logged', async () => {
      expect((await t.get('/api/settings')).body).toEqual({ publisherRulesRequireApproval: false });
      expect((await t.get('/api/settings', { key: asPublisher.key() })).status).toBe(403);
      const bad = await t.call('PUT', '/api/settings', {
        body: { publisherRulesRequireApproval: 'yes' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('publisherRulesRequireApproval');
      const unknown = await t.call('PUT', '/api/settings', { body: { somethingElse: true } });
      expect(unknown.status).toBe(400);

      const on = await setApproval(true);
      expect(on.status).toBe(200);
      expect(on.body).toEqual({ publisherRulesRequireApproval: true });
      expect((await t.get('/api/settings')).body.publisherRulesRequireApproval).toBe(true);
      const entries = (await t.get('/api/audit-log?entityType=setting')).body.items;
      expect(entries[0]).toMatchObject({
        entityId: 'publisherRulesRequireApproval',
        action: 'updated',
        actor: { type: 'bootstrap_key' },
        changes: { publisherRulesRequireApproval: { before: false, after: true } },
      });
      // Setting it to what it is writes no entry.
      await setApproval(true);
      expect((await t.get('/api/audit-log?entityType=setting')).body.items).toHaveLength(1);
    });
  });

  describe('a publisher’s new rule', () => {
    it('waits as pending, its deliveries held, and goes out on approval in planned order', async () => {
      const firstSecret = secret();
      const rule = await publisherRule('/new-rule', { signingSecret: firstSecret });
      expect(rule).toMatchObject({
        approvalState: 'pending',
        pendingRevision: 1,
        approvedRevision: null,
      });

      const conversions = [await convert(), await convert()];
      const held = await logsOf(rule.id);
      expect(held.map((d) => d.state)).toEqual(['held', 'held']);
      expect(held[0].stateReason).toMatch(/waiting for a network manager’s approval/);
      expect(held[0].nextAttemptAt).toBeNull();
      expect(
        (await t.get(`/api/postback-logs?state=held&postbackId=${rule.id}`)).body.items,
      ).toHaveLength(2);
      // Held means never sent: neither a retry nor a test of the unapproved rule fires it.
      const retry = await t.post(`/api/postback-logs/${held[0].id}/retry`);
      expect(retry.status).toBe(409);
      expect(retry.body.error).toBe('delivery_held');
      const test = await t.post(`/api/postbacks/${rule.id}/test`, {}, { key: asPublisher.key() });
      expect(test.status).toBe(409);
      expect(test.body.error).toBe('rule_not_approved');
      expect(receiver.to('/new-rule')).toHaveLength(0);

      // The publisher sees its rule waiting; only an admin decides.
      const mine = await t.get(`/api/postbacks/${rule.id}`, { key: asPublisher.key() });
      expect(mine.body.approvalState).toBe('pending');
      const selfApprove = await t.post(
        `/api/postbacks/${rule.id}/approve`,
        {},
        { key: asPublisher.key() },
      );
      expect(selfApprove.status).toBe(403);
      const queue = await t.get('/api/postbacks?approvalState=pending&limit=500');
      expect(queue.body.items.map((r: any) => r.id)).toContain(rule.id);

      const approved = await t.post(`/api/postbacks/${rule.id}/approve`, { revision: 1 });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        approvalState: 'approved',
        approvedRevision: 1,
        pendingRevision: null,
      });
      const received = await receiver.waitFor('/new-rule', 2);
      // Signed with the secret the publisher set (it was applied with the approval).
      expect(received[0].headers['webhook-signature']).toMatch(/^v1,/);
      // Released in planned order (the queue takes them in that order; with several workers the
      // arrival order may differ, so the set is compared).
      expect(
        received.map((r) => new URL(r.target, 'http://x').searchParams.get('tid')).sort(),
      ).toEqual([...conversions].sort());
      await eventually(
        async () => (await logsOf(rule.id)).every((d) => d.state === 'delivered'),
        30_000,
        'released deliveries delivered',
      );
      const again = await t.post(`/api/postbacks/${rule.id}/approve`);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('not_pending');
    });

    it('ends with its held deliveries cancelled when rejected, the reason shown to the publisher', async () => {
      const rule = await publisherRule('/rejected-rule');
      await convert();
      expect((await logsOf(rule.id)).map((d) => d.state)).toEqual(['held']);

      const noReason = await t.post(`/api/postbacks/${rule.id}/reject`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.details.map((d: any) => d.field)).toContain('reason');
      const rejected = await t.post(`/api/postbacks/${rule.id}/reject`, {
        reason: 'Points at a competitor’s tracker',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ approvalState: 'rejected', pendingRevision: null });

      const [cancelled] = await logsOf(rule.id);
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled.stateReason).toContain('Points at a competitor’s tracker');
      const seen = await t.get(`/api/postbacks/${rule.id}`, { key: asPublisher.key() });
      expect(seen.body).toMatchObject({
        approvalState: 'rejected',
        rejectionReason: 'Points at a competitor’s tracker',
      });
      // A rejected new rule fires nothing at all.
      await convert();
      expect(await logsOf(rule.id)).toHaveLength(1);
      const revisions = await t.get(`/api/postbacks/${rule.id}/revisions`, {
        key: asPublisher.key(),
      });
      expect(revisions.body[0]).toMatchObject({
        n: 1,
        state: 'rejected',
        reason: 'Points at a competitor’s tracker',
        decidedBy: 'ADMIN_API_KEY',
      });
      expect(receiver.to('/rejected-rule')).toHaveLength(0);
    });
  });

  describe('a pending new rule deleted', () => {
    it('cancels its held deliveries, never sending them', async () => {
      const rule = await publisherRule('/deleted-rule');
      await convert();
      expect((await logsOf(rule.id)).map((d) => d.state)).toEqual(['held']);
      const deleted = await t.delete(`/api/postbacks/${rule.id}`, { key: asPublisher.key() });
      expect(deleted.status).toBe(204);
      const [cancelled] = await logsOf(rule.id);
      expect(cancelled).toMatchObject({
        state: 'cancelled',
        stateReason: 'Cancelled: the rule was deleted before approval',
      });
      expect(receiver.to('/deleted-rule')).toHaveLength(0);
    });
  });

  describe('a publisher’s change to an approved rule', () => {
    it('waits while the approved URL keeps firing; the new one fires once approved', async () => {
      await setApproval(false);
      const rule = await publisherRule('/v1');
      expect(rule.approvalState).toBe('approved');
      await setApproval(true);

      const newSecret = secret();
      const changed = await t.patch(
        `/api/postbacks/${rule.id}`,
        {
          name: 'Renamed at once',
          url: receiver.url('/v2?subid={external_transaction_id}&tid={conversion_id}'),
          signingSecret: newSecret,
        },
        { key: asPublisher.key() },
      );
      expect(changed.status).toBe(200);
      // The name applies at once; where it sends waits.
      expect(changed.body).toMatchObject({
        name: 'Renamed at once',
        url: rule.url,
        hasSigningSecret: false,
        approvalState: 'pending',
        pendingRevision: 2,
        approvedRevision: 1,
      });
      const revisions = (
        await t.get(`/api/postbacks/${rule.id}/revisions`, { key: asPublisher.key() })
      ).body;
      expect(revisions[0]).toMatchObject({
        n: 2,
        state: 'pending',
        author: { type: 'api_key', id: String(pubKeyId) },
        changes: {
          url: { before: rule.url, after: expect.stringContaining('/v2?') },
          signingSecret: { before: null, after: REDACTED },
        },
      });
      expect(revisions[0].fields.url).toContain('/v2?');
      expect(revisions[1]).toMatchObject({ n: 1, state: 'approved' });
      expect(JSON.stringify(revisions)).not.toContain(newSecret);

      const whileWaiting = await convert();
      const [sent] = await receiver.waitFor('/v1', 1);
      expect(sent.target).toContain(`tid=${whileWaiting}`);
      expect(sent.headers['webhook-signature']).toBeUndefined();
      await eventually(
        async () => (await logsOf(rule.id))[0]?.state === 'delivered',
        30_000,
        'delivery on the approved URL',
      );
      expect(receiver.to('/v2')).toHaveLength(0);

      const approved = await t.post(`/api/postbacks/${rule.id}/approve`, { revision: 2 });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ approvalState: 'approved', hasSigningSecret: true });
      expect(approved.body.url).toContain('/v2?');
      const afterApproval = await convert();
      const [onNew] = await receiver.waitFor('/v2', 1);
      expect(onNew.target).toContain(`tid=${afterApproval}`);
      expect(onNew.headers['webhook-signature']).toMatch(/^v1,/);
      expect(receiver.to('/v1')).toHaveLength(1);

      // Every step in the audit log, with its actor and the secret redacted.
      const entries = (await auditOf(rule.id)).reverse();
      expect(entries.map((e) => e.action)).toEqual(['created', 'approval_requested', 'approved']);
      expect(entries[1]).toMatchObject({
        actor: { type: 'api_key', id: String(pubKeyId) },
        changes: {
          name: { before: rule.name, after: 'Renamed at once' },
          url: { before: rule.url, after: expect.stringContaining('/v2?') },
          signingSecret: { before: null, after: REDACTED },
          approvalState: { before: 'approved', after: 'pending' },
        },
      });
      expect(entries[2]).toMatchObject({
        actor: { type: 'bootstrap_key', label: 'ADMIN_API_KEY' },
        changes: {
          url: { before: rule.url, after: expect.stringContaining('/v2?') },
          signingSecret: { before: null, after: REDACTED },
          approvalState: { before: 'pending', after: 'approved' },
          revision: { before: null, after: 2 },
        },
      });
      const raw = JSON.stringify(await t.query('SELECT * FROM audit_log'));
      expect(raw).not.toContain(newSecret);
    });

    it('needs no approval when a manager makes it', async () => {
      const rule = await publisherRule('/managed');
      await t.post(`/api/postbacks/${rule.id}/approve`);
      const res = await t.patch(`/api/postbacks/${rule.id}`, {
        url: receiver.url('/managed-v2?subid={external_transaction_id}'),
      });
      expect(res.body).toMatchObject({ approvalState: 'approved', approvedRevision: 2 });
      expect(res.body.url).toContain('/managed-v2');
      const [latest] = (await t.get(`/api/postbacks/${rule.id}/revisions`)).body;
      expect(latest).toMatchObject({ n: 2, state: 'approved', author: { type: 'bootstrap_key' } });
    });
  });

  describe('scoping', () => {
    it('keeps another publisher out of a rule’s revisions and audit entries', async () => {
      const rule = await publisherRule('/scoped');
      const other = await createPublisher(t, { name: 'Other pub' });
      const otherKey = await createKey(t, { role: 'publisher', publisherId: other.id });
      const revisions = await t.get(`/api/postbacks/${rule.id}/revisions`, { key: otherKey });
      expect(revisions.status).toBe(404);
      expect(await auditOf(rule.id, otherKey)).toEqual([]);
      expect((await auditOf(rule.id, asPublisher.key())).length).toBeGreaterThan(0);
      const advertiser = await t.get(`/api/postbacks/${rule.id}/revisions`, {
        key: network.advertiserKey,
      });
      expect(advertiser.status).toBe(403);
    });
  });

  describe('concurrency', () => {
    it('lets one of two simultaneous approvals win; the other is told nothing waits', async () => {
      const rule = await publisherRule('/race-approve');
      await convert();
      const results = await Promise.all([
        t.post(`/api/postbacks/${rule.id}/approve`, { revision: 1 }),
        t.post(`/api/postbacks/${rule.id}/approve`, { revision: 1 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.error).toBe('not_pending');
      const approvals = (await auditOf(rule.id)).filter((e) => e.action === 'approved');
      expect(approvals).toHaveLength(1);
      // The held delivery was released once and sent once.
      await receiver.waitFor('/race-approve', 1);
      await eventually(
        async () => (await logsOf(rule.id))[0]?.state === 'delivered',
        30_000,
        'the released delivery',
      );
      expect((await logsOf(rule.id))[0].attempts).toHaveLength(1);
    });

    it('never approves a revision the admin did not see when the publisher edits meanwhile', async () => {
      const rule = await publisherRule('/race-edit');
      const edit = (path: string) =>
        t.patch(
          `/api/postbacks/${rule.id}`,
          { url: receiver.url(`${path}?subid={external_transaction_id}`) },
          { key: asPublisher.key() },
        );
      // Sequential first: the edit made revision 2, so approving revision 1 is refused.
      expect((await edit('/race-edit-2')).body.pendingRevision).toBe(2);
      const stale = await t.post(`/api/postbacks/${rule.id}/approve`, { revision: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toBe('revision_changed');

      // Racing: whichever locks the rule first, the result is one of two defined states.
      const [approval, edited] = await Promise.all([
        t.post(`/api/postbacks/${rule.id}/approve`, { revision: 2 }),
        edit('/race-edit-3'),
      ]);
      expect(edited.status).toBe(200);
      const final = (await t.get(`/api/postbacks/${rule.id}`)).body;
      const revisions = (await t.get(`/api/postbacks/${rule.id}/revisions`)).body;
      expect(final).toMatchObject({ approvalState: 'pending', pendingRevision: 3 });
      expect(revisions[0]).toMatchObject({ n: 3, state: 'pending' });
      if (approval.status === 200) {
        // The approval locked first: revision 2 fires, the edit waits on top of it.
        expect(final.approvedRevision).toBe(2);
        expect(final.url).toContain('/race-edit-2');
        expect(revisions[1]).toMatchObject({ n: 2, state: 'approved' });
      } else {
        // The edit locked first: revision 2 was superseded unseen-approved, nothing approved.
        expect(approval.status).toBe(409);
        expect(approval.body.error).toBe('revision_changed');
        expect(final.approvedRevision).toBeNull();
        expect(revisions[1]).toMatchObject({ n: 2, state: 'superseded' });
      }
    });
  });
});
