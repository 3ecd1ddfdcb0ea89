import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { BrowserTest, openScreen, signIn } from '../helpers/browser';
import { createPublisher } from '../helpers/fixtures';
import { createRule } from '../helpers/postback-fixtures';
import { eventually, Receiver } from '../helpers/receiver';

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

// Notification endpoints (SPEC §13) in the console: add one with its events, see what was sent
// to it, delete it.
describe('Console: notifications (browser)', () => {
  let t: BrowserTest;
  let receiver: Receiver;
  let admin: Page;

  beforeAll(async () => {
    t = await BrowserTest.start({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
    });
    receiver = await Receiver.start();
    admin = await t.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    await t?.stop();
    await receiver?.stop();
  });

  it('adds an endpoint with its events, shows what was sent to it, and deletes it', async () => {
    await openScreen(admin, 'Notifications');
    await admin.getByText('No notification endpoints yet.').waitFor();
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add notification endpoint' });
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByText('Enter an http(s) URL').waitFor();
    await dialog.getByText('Choose at least one event').waitFor();

    const url = receiver.url('/console-hook');
    await dialog.getByRole('textbox', { name: 'URL' }).fill(url);
    await dialog.getByRole('checkbox', { name: 'Rule paused' }).check();
    await dialog.getByRole('checkbox', { name: 'Delivery failed' }).check();
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    await dialog.getByRole('textbox', { name: 'Signing secret' }).fill(secret);
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = admin.getByRole('row', { name: new RegExp(url) });
    await row.getByText('Rule paused').waitFor();
    await row.getByText('Delivery failed').waitFor();
    await row.getByRole('cell', { name: 'Yes', exact: true }).waitFor();
    expect(await admin.content()).not.toContain(secret.slice(6));

    // A manager pauses a rule; the endpoint hears, and the row shows it.
    const publisher = await createPublisher(t.app);
    const rule = await createRule(t.app, {
      name: 'Paused from the API',
      type: 'click',
      publisherId: publisher.id,
      url: 'https://tracker.example.com/pb?c={transaction_id}',
    });
    await t.app.patch(`/api/postbacks/${rule.id}`, { enabled: false });
    await receiver.waitFor('/console-hook', 1);
    const [endpoint] = (await t.app.get('/api/notification-endpoints')).body.items;
    await eventually(async () => {
      const sent = (await t.app.get(`/api/notification-endpoints/${endpoint.id}/notifications`))
        .body.items;
      return sent[0]?.state === 'delivered';
    });
    await row.getByRole('button', { name: `Recent notifications to ${url}` }).click();
    const sent = admin.getByRole('table', { name: `Notifications sent to ${url}` });
    const line = sent.getByRole('row', { name: /Rule paused/ });
    await line.getByText('delivered').waitFor();
    await line.getByText('HTTP 200').waitFor();
    await line.getByRole('link', { name: `Rule ${rule.id}` }).waitFor();

    await row.getByRole('button', { name: `Delete ${url}` }).click();
    const confirm = admin.getByRole('dialog', { name: 'Delete this notification endpoint?' });
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await confirm.waitFor({ state: 'detached' });
    await admin.getByText('No notification endpoints yet.').waitFor();
    expect((await t.app.get('/api/notification-endpoints')).body.items).toEqual([]);
  });
});
