import type { Page } from 'playwright-core';
import { BrowserTest, createUser, screenshot, signIn } from '../helpers/browser';
import { clickOn, createNetwork, intakeGet, Network } from '../helpers/conversion-fixtures';
import { createRule } from '../helpers/postback-fixtures';
import { eventually, Receiver } from '../helpers/receiver';

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

const section = (page: Page, name: string) => page.getByRole('region', { name });

// The landing page (SPEC §11): the chart of outcomes is drawn, a failing rule is named with its
// last error and leads to its failed postbacks; a publisher sees only its own.
describe('Console: overview (browser)', () => {
  let t: BrowserTest;
  let receiver: Receiver;
  let acme: Network;
  let blue: Network;

  beforeAll(async () => {
    t = await BrowserTest.start({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
    });
    receiver = await Receiver.start();
    acme = await createNetwork(t.app);
    blue = await createNetwork(t.app);
    await createRule(t.app, {
      name: 'Acme Keitaro',
      type: 'click',
      publisherId: acme.publisher.id,
      url: receiver.url('/keitaro?subid={external_transaction_id}'),
    });
    const broken = await createRule(t.app, {
      name: 'Acme old Binom',
      type: 'click',
      publisherId: acme.publisher.id,
      url: receiver.url('/binom?cnv_id={external_transaction_id}'),
      maxAttempts: 1,
    });
    await createRule(t.app, {
      name: 'Blue Voluum',
      type: 'click',
      publisherId: blue.publisher.id,
      url: receiver.url('/voluum?cid={external_transaction_id}'),
      maxAttempts: 1,
    });
    receiver.script('/binom', ...Array.from({ length: 4 }, () => ({ status: 404 })));
    receiver.script('/voluum', { status: 500 }, { status: 500 });
    for (let i = 0; i < 4; i++) await clickOn(t.app, acme);
    await clickOn(t.app, blue);
    await clickOn(t.app, blue);
    await intakeGet(t.app, acme.advertiser.postbackKey, { transaction_id: 'unknown-click' });
    await receiver.waitFor('/binom', 4);
    await receiver.waitFor('/voluum', 2);
    await eventually(
      async () =>
        (await t.app.get(`/api/postback-logs?postbackId=${broken.id}&state=failed`)).body.items
          ?.length === 4,
      20_000,
      'four failed postbacks of the broken rule',
    );
  });

  afterAll(async () => {
    await t?.stop();
    await receiver?.stop();
  });

  it('lands a manager on the overview: the chart drawn, the failing rule and where it leads', async () => {
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/app\/overview/);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // The chart is an SVG with a bar for each outcome that happened.
    const chart = page.getByRole('figure', { name: 'Deliveries by outcome, per hour' });
    await chart.locator('svg .recharts-bar-rectangle path').first().waitFor();
    expect(await chart.locator('svg .recharts-bar-rectangle path').count()).toBeGreaterThanOrEqual(
      2,
    );
    await chart.getByText('Delivered').first().waitFor();

    const delivered = page.getByRole('group', { name: 'Delivered' });
    await delivered.getByText('4', { exact: true }).waitFor();
    const failed = page.getByRole('group', { name: 'Failed' });
    await failed.getByText('6', { exact: true }).waitFor();
    await page.getByRole('group', { name: 'Success rate' }).getByText('40 %').waitFor();
    await page
      .getByRole('group', { name: 'Intake refusals' })
      .getByText('1', { exact: true })
      .waitFor();

    const failing = section(page, 'Failing rules');
    const row = failing.getByRole('row', { name: /Acme old Binom/ });
    await row.getByText('tracker does not know this URL (404 Not Found); check the URL').waitFor();
    await failing.getByRole('row', { name: /Blue Voluum/ }).waitFor();
    expect(await failing.getByRole('row', { name: /Acme Keitaro/ }).count()).toBe(0);
    const refusals = section(page, 'Intake refusals');
    await refusals.getByRole('row', { name: /transaction_id_not_found/ }).waitFor();
    // No tooltip in the picture: the pointer off the chart.
    await page.mouse.move(0, 0);
    await screenshot(page, 'overview.png', { fullPage: true });

    // Each number leads to the list behind it, filtered (SPEC §9 names in the URL).
    const logs = row.getByRole('link', { name: 'Failed postbacks of Acme old Binom' });
    const href = new URL((await logs.getAttribute('href'))!, t.app.baseUrl);
    expect(href.pathname).toBe('/app/logs');
    expect(href.searchParams.get('state')).toBe('failed');
    expect(Number(href.searchParams.get('postbackId'))).toBeGreaterThan(0);
    expect(Date.parse(href.searchParams.get('from')!)).not.toBeNaN();
    const seeFailed = failed.getByRole('link', { name: 'See failed postbacks' });
    expect(await seeFailed.getAttribute('href')).toMatch(/^\/app\/logs\?state=failed&from=/);
    await row.getByRole('link', { name: 'Acme old Binom', exact: true }).click();
    await page.waitForURL(/\/app\/rules\/\d+$/);
  });

  it('keeps the window in the URL', async () => {
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByText('Last 7 days').click();
    await page.waitForURL(/window=7d/);
    await page.getByRole('figure', { name: 'Deliveries by outcome, per 6 hours' }).waitFor();
    await page.reload();
    await page.getByRole('figure', { name: 'Deliveries by outcome, per 6 hours' }).waitFor();
  });

  it('shows a publisher its own overview only', async () => {
    const user = await createUser(t.app, {
      email: 'blue@publisher.example',
      name: 'Blue',
      role: 'publisher',
      publisherId: blue.publisher.id,
    });
    const page = await t.newPage();
    await signIn(page, user.email, user.password);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('group', { name: 'Failed' }).getByText('2', { exact: true }).waitFor();
    await page.getByRole('group', { name: 'Success rate' }).getByText('0 %').waitFor();
    await section(page, 'Failing rules')
      .getByRole('row', { name: /Blue Voluum/ })
      .waitFor();
    expect(await page.getByText('Acme old Binom').count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Intake refusals' }).count()).toBe(0);
  });
});
