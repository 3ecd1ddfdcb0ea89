import type { Page } from 'playwright-core';
import { BrowserTest, choose, createUser, screenshot, signIn } from '../helpers/browser';
import { createNetwork, Network } from '../helpers/conversion-fixtures';
import { eventually } from '../helpers/receiver';

// The audit table's row whose Action cell reads `action`.
const auditRow = (page: Page, action: string) =>
  page.getByRole('row').filter({ has: page.getByRole('cell', { name: action, exact: true }) });

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

// SPEC §13 in the console: the admin turns approval on in Settings, reviews a publisher's change
// side by side in the approval queue and approves it, rejects a new rule with a reason the
// publisher then reads on its rule, and finds each step in the audit log.
describe('Console: approval queue, settings and audit log (browser)', () => {
  let t: BrowserTest;
  let net: Network;
  let publisher: { email: string; password: string };
  // The publisher's own integration changes its rules through the API.
  let publisherKey: string;

  beforeAll(async () => {
    t = await BrowserTest.start({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    net = await createNetwork(t.app);
    publisher = await createUser(t.app, {
      email: 'pia@publisher.example',
      name: 'Pia Publisher',
      role: 'publisher',
      publisherId: net.publisher.id,
    });
    const key = await t.app.post('/api/api-keys', {
      name: 'Pia tracker sync',
      role: 'publisher',
      publisherId: net.publisher.id,
    });
    publisherKey = key.body.key;
  });
  afterAll(() => t?.stop());

  const publisherPost = (body: Record<string, unknown>) =>
    t.app.post('/api/postbacks', { type: 'conversion', ...body }, { key: publisherKey });

  it('approves a change seen side by side, rejects a new rule, and logs both', async () => {
    // Approved before approval was on: it fires at once.
    const live = await publisherPost({
      name: 'Keitaro main',
      url: 'https://old.tracker.example/pb?subid={external_transaction_id}',
    });
    expect(live.body.approvalState).toBe('approved');

    const admin = await t.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const nav = admin.getByRole('navigation', { name: 'Screens' });
    await nav.getByRole('link', { name: 'Approval queue' }).click();
    await admin.getByText('Nothing waits for approval.').waitFor();
    await admin.getByText('Approval is off').waitFor();

    await nav.getByRole('link', { name: 'Settings' }).click();
    const approvalSwitch = admin.getByRole('switch', { name: 'Publisher rules require approval' });
    expect(await approvalSwitch.isChecked()).toBe(false);
    await approvalSwitch.click();
    await admin.getByText('Saved: publishers’ rules now wait for approval.').waitFor();
    expect(await approvalSwitch.isChecked()).toBe(true);
    expect((await t.app.get('/api/settings')).body.publisherRulesRequireApproval).toBe(true);
    await screenshot(admin, 'settings.png');

    // The publisher moves the live rule elsewhere and adds a new one: both wait.
    const changed = await t.app.patch(
      `/api/postbacks/${live.body.id}`,
      { url: 'https://new.tracker.example/pb?subid={external_transaction_id}' },
      { key: publisherKey },
    );
    expect(changed.body.approvalState).toBe('pending');
    const fresh = await publisherPost({
      name: 'Binom backup',
      url: 'https://binom.example/click.php?cnv_id={external_transaction_id}',
    });
    expect(fresh.body.approvalState).toBe('pending');

    await nav.getByRole('link', { name: 'Approval queue' }).click();
    const change = admin.getByRole('article', { name: 'Pending rule Keitaro main' });
    const row = change.getByRole('row', { name: /^url/ });
    await row
      .getByRole('cell', { name: 'https://old.tracker.example/pb?subid={external_transaction_id}' })
      .waitFor();
    await row
      .getByRole('cell', { name: 'https://new.tracker.example/pb?subid={external_transaction_id}' })
      .waitFor();
    await change.getByRole('columnheader', { name: 'Approved (firing now)' }).waitFor();
    await change.getByRole('columnheader', { name: 'Pending (revision 2)' }).waitFor();
    await change.getByText(/revision 2 by Pia tracker sync/).waitFor();
    const newRule = admin.getByRole('article', { name: 'Pending rule Binom backup' });
    await newRule.getByText(/Deliveries for this rule are held/).waitFor();
    await screenshot(admin, 'approvals.png');

    await change.getByRole('button', { name: 'Approve' }).click();
    await admin.getByText('Approved “Keitaro main”: it fires now.').waitFor();
    await change.waitFor({ state: 'detached' });
    const approved = (await t.app.get(`/api/postbacks/${live.body.id}`)).body;
    expect(approved).toMatchObject({ approvalState: 'approved', approvedRevision: 2 });
    expect(approved.url).toContain('new.tracker.example');

    await newRule.getByRole('button', { name: 'Reject…' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Reject “Binom backup”' });
    const rejectButton = dialog.getByRole('button', { name: 'Reject change' });
    expect(await rejectButton.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Unknown tracker domain');
    await rejectButton.click();
    await admin.getByText('Rejected “Binom backup”.').waitFor();
    await admin.getByText('Nothing waits for approval.').waitFor();

    // The audit log, filtered in the URL, shows the approval with the URL before → after.
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await choose(admin, 'Entity', 'Postback rule');
    const entityId = admin.getByRole('textbox', { name: 'Entity id' });
    await entityId.fill(String(live.body.id));
    await entityId.press('Enter');
    // The filters are in the URL (a same-page navigation: checked, not waited for as a load).
    await eventually(
      async () => {
        const filters = Object.fromEntries(new URL(admin.url()).searchParams);
        return filters.entityType === 'postback_rule' && filters.entityId === String(live.body.id);
      },
      10_000,
      'the filters in the URL',
    );
    const approval = auditRow(admin, 'approved');
    await approval.getByText(ADMIN.email).waitFor();
    await approval
      .getByText('https://new.tracker.example/pb?subid={external_transaction_id}')
      .waitFor();
    await approval
      .getByText('https://old.tracker.example/pb?subid={external_transaction_id}')
      .waitFor();
    await auditRow(admin, 'approval requested').getByText('Pia tracker sync').waitFor();
    await screenshot(admin, 'audit.png');

    // The publisher reads the rejection on its rule, and the rule's history.
    const pub = await t.newPage();
    await signIn(pub, publisher.email, publisher.password);
    await pub.goto(`/app/rules/${fresh.body.id}`);
    await pub.getByText('Rule rejected', { exact: true }).waitFor();
    await pub.getByText('Reason: Unknown tracker domain.').waitFor();
    await pub.getByRole('tab', { name: 'History' }).click();
    await pub.waitForURL(/\?tab=history$/);
    const revision = pub.getByRole('article', { name: 'Revision 1' });
    await revision.getByText('Rejected', { exact: true }).waitFor();
    await revision.getByText(/reason: Unknown tracker domain/).waitFor();
    await auditRow(pub, 'rejected').getByText(ADMIN.email).waitFor();
    await screenshot(pub, 'rule-history.png');
  });
});
