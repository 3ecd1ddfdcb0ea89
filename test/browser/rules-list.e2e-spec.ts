import type { Page } from 'playwright-core';
import {
  BrowserTest,
  choose,
  createUser,
  screenshot,
  signIn,
  waitForValue,
  openScreen,
} from '../helpers/browser';
import { createAdvertiser, createOffer, createPublisher } from '../helpers/fixtures';
import { createRule } from '../helpers/postback-fixtures';

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

const rows = (page: Page) => page.getByRole('table').getByRole('row');

// The rules list: filters in the URL, pages, scope and health in words; and a publisher sees
// its own rules only (SPEC §11).
describe('Console: postback rules list (browser)', () => {
  let t: BrowserTest;
  let acme: { id: number };
  let blue: { id: number };
  let summer: { id: number };
  let blueSecret: { id: number };

  beforeAll(async () => {
    t = await BrowserTest.start({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    const advertiser = await createAdvertiser(t.app, { name: 'Shop' });
    summer = await createOffer(t.app, advertiser.id, { name: 'Summer Sale' });
    const winter = await createOffer(t.app, advertiser.id, { name: 'Winter Deals' });
    acme = await createPublisher(t.app, { name: 'Acme Media' });
    blue = await createPublisher(t.app, { name: 'Blue Ads' });
    await createRule(t.app, {
      name: 'CRM feed',
      type: 'conversion',
      publisherId: null,
      method: 'POST',
      url: 'https://crm.example.com/hooks/conversions',
      body: '{"click": "{transaction_id}", "revenue": "{revenue}"}',
      contentType: 'application/json',
    });
    await createRule(t.app, {
      name: 'Acme Keitaro',
      type: 'conversion',
      publisherId: acme.id,
      url: 'https://trk.acme.example/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}',
      statuses: ['approved', 'rejected'],
      statusMap: { approved: 'sale', rejected: 'rejected' },
      presetId: 'keitaro',
    });
    await createRule(t.app, {
      name: 'Acme Binom for sales',
      type: 'conversion',
      publisherId: acme.id,
      offerIds: [summer.id, winter.id],
      url: 'https://binom.acme.example/click.php?cnv_id={external_transaction_id}&payout={payout}',
      presetId: 'binom',
    });
    await createRule(t.app, {
      name: 'Acme clicks',
      type: 'click',
      publisherId: acme.id,
      url: 'https://trk.acme.example/click?subid={external_transaction_id}',
      enabled: false,
    });
    blueSecret = await createRule(t.app, {
      name: 'Blue secret rule',
      type: 'conversion',
      publisherId: blue.id,
      url: 'https://blue.example/pb?cid={external_transaction_id}',
    });
  });

  afterAll(() => t?.stop());

  it('shows every rule to the admin with scope, destination and health in words', async () => {
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await openScreen(page, 'Postback rules');
    await page.getByRole('link', { name: 'Acme Keitaro' }).waitFor();
    expect(await rows(page).count()).toBe(1 + 5);

    const binom = page.getByRole('row', { name: /Acme Binom for sales/ });
    await binom.getByText('Offers Summer Sale, Winter Deals of publisher Acme Media').waitFor();
    await binom.getByText('Local rule').waitFor();
    await binom.getByText('GET binom.acme.example').waitFor();
    const crm = page.getByRole('row', { name: /CRM feed/ });
    await crm.getByText('All offers of every publisher (network-level)').waitFor();
    await crm.getByText('POST crm.example.com').waitFor();
    const clicks = page.getByRole('row', { name: /Acme clicks/ });
    await clicks.getByText('Paused').waitFor();
    await screenshot(page, 'rules-list.png');
  });

  it('keeps filters in the URL: a reload or a shared link shows the same rules', async () => {
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await openScreen(page, 'Postback rules');
    await choose(page, 'Publisher', 'Acme Media');
    await page.waitForURL(new RegExp(`publisher=${acme.id}`));
    await page.getByRole('link', { name: 'CRM feed' }).waitFor({ state: 'detached' });
    await choose(page, 'Type', 'Conversion');
    await page.waitForURL(/type=conversion/);
    // The click rule goes once the new page of results is in.
    await page.getByRole('link', { name: 'Acme clicks' }).waitFor({ state: 'detached' });
    expect(await rows(page).count()).toBe(1 + 2);

    await page.reload();
    await page.getByRole('link', { name: 'Acme Keitaro' }).waitFor();
    expect(await rows(page).count()).toBe(1 + 2);
    await waitForValue(page.getByRole('combobox', { name: 'Publisher' }), 'Acme Media');

    await choose(page, 'Built from preset', 'Binom');
    await page.waitForURL(/preset=binom/);
    await page.getByRole('link', { name: 'Acme Keitaro' }).waitFor({ state: 'detached' });
    expect(await rows(page).count()).toBe(1 + 1);

    await choose(page, 'Enabled', 'Disabled');
    await page.getByText('No rules match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: 'CRM feed' }).waitFor();
  });

  it('pages with Next and Previous, the page in the URL', async () => {
    for (let i = 1; i <= 25; i++) {
      await createRule(t.app, {
        name: `Bulk ${String(i).padStart(2, '0')}`,
        type: 'click',
        publisherId: blue.id,
        url: `https://bulk.example/${i}?subid={external_transaction_id}`,
      });
    }
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await openScreen(page, 'Postback rules');
    await page.getByRole('link', { name: 'Bulk 25' }).waitFor();
    expect(await rows(page).count()).toBe(1 + 25);
    await page.getByText('Page 1').waitFor();

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2').waitFor();
    await page.waitForURL(/cursor=/);
    // The 30 rules, newest first: the 5 created in beforeAll are on page 2.
    await page.getByRole('link', { name: 'CRM feed' }).waitFor();
    expect(await rows(page).count()).toBe(1 + 5);
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

    await page.reload();
    await page.getByRole('link', { name: 'CRM feed' }).waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByRole('link', { name: 'Bulk 25' }).waitFor();
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
  });

  it("never shows a publisher another publisher's rules; their URL is a not-found state", async () => {
    const user = await createUser(t.app, {
      email: 'pub@acme.example',
      name: 'Paula Publisher',
      role: 'publisher',
      publisherId: acme.id,
    });
    const page = await t.newPage();
    await signIn(page, user.email, user.password);
    await openScreen(page, 'My postback rules');
    await page.getByRole('link', { name: 'Acme Keitaro' }).waitFor();
    expect(await rows(page).count()).toBe(1 + 3);
    expect(await page.getByText('Blue secret rule').count()).toBe(0);
    expect(await page.getByText('CRM feed').count()).toBe(0);
    // No publisher filter: there is only one publisher to see.
    expect(await page.getByRole('combobox', { name: 'Publisher' }).count()).toBe(0);

    await page.goto(`/app/rules/${blueSecret.id}`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByText('Blue secret rule').count()).toBe(0);
    expect(await page.getByText('blue.example').count()).toBe(0);
  });

  it('opens a rule in the editor with its live preview', async () => {
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`/app/rules?publisher=${acme.id}`);
    await page.getByRole('link', { name: 'Acme Keitaro' }).click();
    await page.getByRole('heading', { name: 'Acme Keitaro' }).waitFor();
    const preview = page.getByRole('region', { name: 'Live preview' });
    await preview
      .getByText(
        'GET https://trk.acme.example/k3y/postback?subid=kt9f3a2b1c0d&status=sale&payout=12.50&tid=',
      )
      .waitFor();
    await page.getByText('The request was filled from the Keitaro preset.').waitFor();
    await page
      .getByRole('region', { name: 'Health' })
      .getByText('No deliveries in the last 24 hours')
      .waitFor();
    await waitForValue(page.getByRole('combobox', { name: 'Publisher' }), 'Acme Media');
    await screenshot(page, 'rule-editor.png');
  });
});
