import type { Page } from 'playwright-core';
import { BrowserTest, choose, chooseIn, signIn, waitForValue } from '../helpers/browser';
import { createAdvertiser } from '../helpers/fixtures';
import { eventually } from '../helpers/receiver';

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

async function openScreen(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

// A field's value once it has one (the page fills it in after its data arrives).
async function valueOf(page: Page, label: string): Promise<string> {
  const field = page.getByRole('textbox', { name: label, exact: true });
  let value = '';
  await eventually(async () => (value = await field.inputValue()) !== '', 15_000);
  return value;
}

// The catalog screens (SPEC §4, §11, §12): a network manager sets up an advertiser, an offer and
// a publisher in the console, hands the advertiser its S2S URL and the publisher its tracking link.
describe('Console: advertisers, offers, publishers (browser)', () => {
  let t: BrowserTest;
  let admin: Page;

  beforeAll(async () => {
    t = await BrowserTest.start({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = await t.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    await createAdvertiser(t.app, { name: 'Outdoor Co' });
  });

  afterAll(() => t?.stop());

  it('creates an advertiser whose S2S URL rotates after a warning, and hands it a portal link', async () => {
    await openScreen(admin, 'Advertisers');
    await admin.getByRole('link', { name: 'Outdoor Co' }).waitFor();
    await admin.getByRole('button', { name: 'New advertiser' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New advertiser' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Shop Inc');
    await dialog.getByRole('button', { name: 'Create advertiser' }).click();
    await admin.getByRole('heading', { name: 'Shop Inc' }).waitFor();
    const id = Number(/\/app\/advertisers\/(\d+)$/.exec(admin.url())?.[1]);

    const firstUrl = await valueOf(admin, 'Postback URL');
    const stored = await t.app.get(`/api/advertisers/${id}`);
    expect(firstUrl).toBe(stored.body.postbackUrl);
    expect(await valueOf(admin, 'Example: a sale')).toBe(
      `${firstUrl}?transaction_id={transaction_id}&status=approved`,
    );
    expect(await valueOf(admin, 'Example: a lead with its payout and order id')).toContain(
      '&payout=12.50&currency=USD&tid={order_id}',
    );

    // Rotating asks first and says the old URL stops working; cancelling changes nothing.
    const s2s = admin.getByRole('region', { name: 'S2S postback URL' });
    await s2s.getByRole('button', { name: 'Rotate key' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Rotate the postback key?' });
    await confirm.getByText(/current postback URL stops working at once/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await t.app.get(`/api/advertisers/${id}`)).body.postbackUrl).toBe(firstUrl);

    await s2s.getByRole('button', { name: 'Rotate key' }).click();
    await confirm.getByRole('button', { name: 'Rotate key' }).click();
    await confirm.waitFor({ state: 'detached' });
    const urlField = admin.getByRole('textbox', { name: 'Postback URL', exact: true });
    await eventually(async () => (await urlField.inputValue()) !== firstUrl, 15_000);
    const rotatedUrl = await urlField.inputValue();
    expect(rotatedUrl).toBe((await t.app.get(`/api/advertisers/${id}`)).body.postbackUrl);
    const oldKey = new URL(firstUrl).pathname;
    const refused = await fetch(`${t.app.baseUrl}${oldKey}?transaction_id=x`);
    expect(refused.status).toBe(404);

    // Pausing it from its page.
    await choose(admin, 'Status', 'Paused');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByRole('main').getByText('Paused', { exact: true }).first().waitFor();
    await eventually(
      async () => (await t.app.get(`/api/advertisers/${id}`)).body.status === 'paused',
      15_000,
    );
    await choose(admin, 'Status', 'Active');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await eventually(
      async () => (await t.app.get(`/api/advertisers/${id}`)).body.status === 'active',
      15_000,
    );

    // A portal link opened in a fresh browser shows the advertiser its current URL.
    const portal = admin.getByRole('region', { name: 'Portal link' });
    await portal.getByRole('button', { name: 'Create portal link' }).click();
    const link = await valueOf(admin, 'Portal link');
    await portal.getByText(/works once and expires in 15 minutes/).waitFor();
    const advertiser = await t.newPage();
    await advertiser.goto(new URL(link).pathname);
    await advertiser.getByRole('heading', { name: 'Postback URL' }).waitFor();
    await waitForValue(
      advertiser.getByRole('textbox', { name: 'Postback URL', exact: true }),
      rotatedUrl,
    );
    await advertiser.getByRole('textbox', { name: 'Example: a chargeback' }).waitFor();

    // Ending the portal sessions signs the advertiser out.
    await portal.getByRole('button', { name: 'End portal sessions' }).click();
    const end = admin.getByRole('dialog', { name: "End Shop Inc's portal sessions?" });
    await end.getByRole('button', { name: 'End sessions' }).click();
    await end.waitFor({ state: 'detached' });
    expect((await advertiser.request.get('/api/me')).status()).toBe(401);
  });

  it('creates an offer and a publisher, whose tracking link records the tracker’s click id', async () => {
    await openScreen(admin, 'Publishers');
    await admin.getByRole('button', { name: 'New publisher' }).click();
    const newPublisher = admin.getByRole('dialog', { name: 'New publisher' });
    await newPublisher.getByRole('textbox', { name: 'Name' }).fill('Acme Media');
    await newPublisher.getByRole('button', { name: 'Create publisher' }).click();
    await admin.getByRole('heading', { name: 'Acme Media' }).waitFor();
    const publisherId = Number(/\/app\/publishers\/(\d+)$/.exec(admin.url())?.[1]);
    const rulesLink = admin.getByRole('link', { name: "Acme Media's postback rules" });
    expect(await rulesLink.getAttribute('href')).toBe(`/app/rules?publisher=${publisherId}`);
    // Inviting a user from here binds it to this publisher.
    await admin.getByRole('button', { name: 'Invite a user for this publisher' }).click();
    const invite = admin.getByRole('dialog', { name: 'Invite user' });
    await waitForValue(invite.getByRole('combobox', { name: 'Role' }), 'Publisher');
    await waitForValue(invite.getByRole('combobox', { name: 'Publisher' }), 'Acme Media');
    await invite.getByRole('button', { name: 'Cancel' }).click();
    await invite.waitFor({ state: 'detached' });

    await openScreen(admin, 'Offers');
    await admin.getByRole('button', { name: 'New offer' }).click();
    const newOffer = admin.getByRole('dialog', { name: 'New offer' });
    await newOffer.getByRole('textbox', { name: 'Name' }).fill('Summer Sale');
    await chooseIn(admin, newOffer, 'Advertiser', 'Outdoor Co');
    await newOffer
      .getByRole('textbox', { name: 'Landing page URL' })
      .fill('https://shop.example/lp?click={transaction_id}');
    await newOffer.getByRole('textbox', { name: 'Payout' }).fill('10');
    await newOffer.getByRole('textbox', { name: 'Revenue' }).fill('abc');
    await newOffer.getByRole('button', { name: 'Create offer' }).click();
    // The API's refusal lands under the field it names.
    await newOffer.getByText(/revenue must be a non-negative decimal/).waitFor();
    await newOffer.getByRole('textbox', { name: 'Revenue' }).fill('15.50');
    await newOffer.getByRole('button', { name: 'Create offer' }).click();
    await admin.getByRole('heading', { name: 'Summer Sale' }).waitFor();
    const offerId = Number(/\/app\/offers\/(\d+)/.exec(admin.url())?.[1]);

    // The builder: a publisher and its tracker, both kept in the URL.
    await admin.getByText('Choose a publisher to see its link.').waitFor();
    await choose(admin, 'Publisher', 'Acme Media');
    await choose(admin, 'Tracker', 'Keitaro ({subid})');
    await admin.waitForURL(/publisher=\d+&tracker=keitaro/);
    const field = admin.getByRole('textbox', { name: 'Tracking link', exact: true });
    await eventually(async () => (await field.inputValue()).includes('{subid}'), 15_000);
    const link = new URL(await field.inputValue());
    expect(link.searchParams.get('offer_id')).toBe(String(offerId));
    expect(link.searchParams.get('aff_id')).toBe(String(publisherId));
    expect(link.search).toContain('external_transaction_id={subid}');

    // As the tracker does: its click id in place of the macro, then the visit.
    const visit = `${link.pathname}${link.search.replace('{subid}', 'kt-click-42')}`;
    const click = await fetch(`${t.app.baseUrl}${visit}`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toMatch(/^https:\/\/shop\.example\/lp\?click=\w+/);
    const clicks = await t.app.get('/api/clicks?externalTransactionId=kt-click-42');
    expect(clicks.body.items).toHaveLength(1);
    expect(clicks.body.items[0]).toMatchObject({
      offerId,
      publisherId,
      externalTransactionId: 'kt-click-42',
    });

    // Blocking the publisher: the builder's link says clicks will be refused.
    await admin.goto(`/app/publishers/${publisherId}`);
    await choose(admin, 'Status', 'Blocked');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByRole('main').getByText('Blocked', { exact: true }).first().waitFor();
    await admin.goto(`/app/offers/${offerId}?publisher=${publisherId}&tracker=keitaro`);
    await admin.getByText(/The publisher is blocked: clicks are refused/).waitFor();
  });
});
