import type { Page } from 'playwright-core';
import { BrowserTest, choose, createUser, screenshot, signIn } from '../helpers/browser';
import {
  clickOn,
  createConversion,
  createNetwork,
  intakeGet,
  Network,
} from '../helpers/conversion-fixtures';
import { createRule } from '../helpers/postback-fixtures';
import { eventually, Receiver } from '../helpers/receiver';

// Every JSON answer the page fetched from the API, to look for fields it must never get.
function recordJson(page: Page): unknown[] {
  const bodies: unknown[] = [];
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (new URL(response.url()).pathname.startsWith('/api/') && type.includes('json')) {
      bodies.push(response.json().catch(() => null));
    }
  });
  return bodies;
}

// Every key of a JSON value, at any depth.
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      into.add(key);
      keysOf(v, into);
    }
  }
  return into;
}

// Conversions and intake logs (SPEC §5.2, §11): each role sees its own, publishers never revenue.
describe('Console: conversions and intake logs (browser)', () => {
  let t: BrowserTest;
  let receiver: Receiver;
  let netA: Network;
  let netB: Network;
  let admin: { email: string; password: string };
  let publisherA: { email: string; password: string };
  let advertiserA: { email: string; password: string };
  let txA: string;
  let txB: string;
  let conversionA: { id: string };

  beforeAll(async () => {
    t = await BrowserTest.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await Receiver.start();
    netA = await createNetwork(t.app, { payout: '3.33', revenue: '7.77' });
    netB = await createNetwork(t.app);
    admin = await createUser(t.app, { email: 'admin@conv.example', name: 'Ada', role: 'admin' });
    publisherA = await createUser(t.app, {
      email: 'pub@conv.example',
      name: 'Pia',
      role: 'publisher',
      publisherId: netA.publisher.id,
    });
    advertiserA = await createUser(t.app, {
      email: 'adv@conv.example',
      name: 'Ari',
      role: 'advertiser',
      advertiserId: netA.advertiser.id,
    });
    await createRule(t.app, {
      name: 'Pia tracker',
      type: 'conversion',
      publisherId: netA.publisher.id,
      url: receiver.url('/conv?c={transaction_id}&s={status}'),
      statuses: ['approved', 'rejected'],
    });
    txA = await clickOn(t.app, netA);
    txB = await clickOn(t.app, netB);
    conversionA = await createConversion(t.app, { transactionId: txA });
    await createConversion(t.app, { transactionId: txB });
    await receiver.waitFor('/conv', 1);
    // Two refused advertiser postbacks, one of each advertiser.
    expect(
      (await intakeGet(t.app, netA.advertiser.postbackKey, { clickid: txA, status: 'weird' }))
        .status,
    ).toBe(400);
    expect(
      (await intakeGet(t.app, netB.advertiser.postbackKey, { clickid: 'nope-b', status: 'sale' }))
        .status,
    ).toBe(404);
  });

  afterAll(async () => {
    await receiver?.stop();
    await t?.stop();
  });

  it("shows a publisher its conversions and their postbacks, never revenue, not another's", async () => {
    const page = await t.newPage();
    const fetched = recordJson(page);
    await signIn(page, publisherA.email, publisherA.password);
    await page.getByRole('link', { name: 'Conversions' }).click();
    await page.getByRole('link', { name: txA }).waitFor();
    expect(await page.getByRole('link', { name: txB }).count()).toBe(0);
    let text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('3.33 USD');
    expect(text).not.toMatch(/revenue|7\.77/i);

    await page.getByRole('link', { name: txA }).click();
    await page.getByRole('heading', { name: 'Status history' }).waitFor();
    const fired = page.getByRole('table', { name: 'Postbacks fired' });
    await fired.getByText('Delivered').waitFor();
    text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('3.33 USD');
    expect(text).not.toMatch(/revenue|7\.77/i);
    expect(await page.getByRole('button', { name: 'Change status' }).count()).toBe(0);

    // Its delivery opens in the explorer, filtered by the conversion, the drawer open.
    await fired.getByRole('link', { name: 'Attempts' }).click();
    await page.waitForURL(new RegExp(`/app/logs\\?conversionId=${conversionA.id}`));
    await page.getByRole('dialog', { name: 'Delivery' }).getByText('HTTP 200').waitFor();

    const keys = keysOf(await Promise.all(fetched));
    expect(keys.has('payout')).toBe(true);
    for (const key of keys) expect(key).not.toMatch(/revenue|margin/i);
  });

  it('lets a manager change a status with a reason, and says why the API refused one', async () => {
    const page = await t.newPage();
    await signIn(page, admin.email, admin.password);
    await page.goto(`/app/conversions?transactionId=${txA}`);
    const row = page.getByRole('row', { name: new RegExp(txA) });
    await row.getByText('7.77 USD').waitFor();
    await row.getByRole('link', { name: txA }).click();

    await choose(page, 'New status', 'Pending');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page
      .getByRole('alert')
      .getByText('A conversion cannot change from approved to pending')
      .waitFor();

    await choose(page, 'New status', 'Rejected');
    await page.getByRole('textbox', { name: 'Rejection reason' }).fill('fraud');
    await page.getByRole('button', { name: 'Change status' }).click();
    const history = page.getByRole('table', { name: 'Status history' });
    await history.getByRole('row', { name: /approved → rejected.*fraud/ }).waitFor();
    // The rejected postback went out, and the conversion's deliveries list shows it.
    await receiver.waitFor('/conv', 2);
    await eventually(
      async () =>
        (await page.getByRole('table', { name: 'Postbacks fired' }).getByRole('row').count()) === 3,
      20_000,
      'two postbacks listed',
    );
    await screenshot(page, 'conversion.png');
  });

  it('shows a manager every refused intake request with its reason, filter in the URL', async () => {
    const page = await t.newPage();
    await signIn(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'Intake logs' }).click();
    await choose(page, 'Outcome', 'Refused');
    await page.waitForURL(/outcome=refused/);
    await page.reload();
    await page.getByText('The status word is not known', { exact: false }).waitFor();
    await page.getByText('No click has this transaction id').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('status=weird');
    expect(text).toContain('clickid=nope-b');
    await screenshot(page, 'intake-logs.png');
  });

  it('shows an advertiser only its own intake requests and conversions', async () => {
    const page = await t.newPage();
    await signIn(page, advertiserA.email, advertiserA.password);
    await page.getByRole('link', { name: 'Intake logs' }).click();
    await page.getByText('The status word is not known', { exact: false }).waitFor();
    let text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('status=weird');
    expect(text).not.toContain('nope-b');

    await page.getByRole('link', { name: 'Conversions' }).click();
    await page.getByRole('link', { name: txA }).waitFor();
    text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(txB);
    expect(text).not.toMatch(/payout/i);
  });
});
