import { BrowserTest, choose, createUser, screenshot, signIn } from '../helpers/browser';
import { createAdvertiser, createOffer, createPublisher } from '../helpers/fixtures';
import { eventually } from '../helpers/receiver';

// A publisher's tracking links (SPEC §12): one per offer it may run, with its tracker's click-id
// macro, and nothing of another publisher's nor the network's revenue.
describe('Console: a publisher’s tracking links (browser)', () => {
  let t: BrowserTest;
  let acmeId: number;
  let blueId: number;
  let summerId: number;

  beforeAll(async () => {
    // Links as a publisher would see them on a real network (only the links use it here).
    t = await BrowserTest.start({ PUBLIC_BASE_URL: 'http://go.network.example' });
    acmeId = (await createPublisher(t.app, { name: 'Acme Media' })).id;
    blueId = (await createPublisher(t.app, { name: 'Blue Ads' })).id;
    const shop = await createAdvertiser(t.app, { name: 'Shop Inc' });
    summerId = (await createOffer(t.app, shop.id, { name: 'Summer Sale', revenue: '31.17' })).id;
    await createOffer(t.app, shop.id, { name: 'Casino Royale', payout: '42.00' });
    await createOffer(t.app, shop.id, { name: 'Winter Promo', status: 'paused' });
  });

  afterAll(() => t?.stop());

  it('lists its links with its tracker’s macro, remembers the tracker, and shows no one else’s data', async () => {
    const user = await createUser(t.app, {
      email: 'paula@acme.example',
      name: 'Paula Publisher',
      role: 'publisher',
      publisherId: acmeId,
    });
    const page = await t.newPage();
    const bodies: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) {
        void response.text().then(
          (text) => bodies.push(text),
          () => undefined,
        );
      }
    });
    await signIn(page, user.email, user.password);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Tracking links' })
      .click();
    await page.getByRole('heading', { name: 'Tracking links' }).waitFor();

    const summer = page.getByRole('region', { name: 'Summer Sale' });
    const field = summer.getByRole('textbox', { name: 'Tracking link for Summer Sale' });
    await summer.getByText(/payout 10\.00 USD/).waitFor();
    await eventually(async () => (await field.inputValue()) !== '', 15_000);
    const plain = new URL(await field.inputValue());
    expect(plain.searchParams.get('aff_id')).toBe(String(acmeId));
    expect(plain.searchParams.get('offer_id')).toBe(String(summerId));
    await summer.getByText(/add &external_transaction_id=/).waitFor();
    await page.getByRole('region', { name: 'Casino Royale' }).waitFor();
    // A paused offer is not one it may run.
    expect(await page.getByRole('region', { name: 'Winter Promo' }).count()).toBe(0);

    await choose(page, 'Tracker', 'Voluum ({clickid})');
    await page.waitForURL(/\/app\/tracking-links\?tracker=voluum$/);
    await eventually(async () => (await field.inputValue()).endsWith('{clickid}'), 15_000);
    expect(await field.inputValue()).toContain(
      `aff_id=${acmeId}&external_transaction_id={clickid}`,
    );
    await screenshot(page, 'publisher-view.png');

    // Remembered for the next visit, without the URL saying so.
    await page.goto('/app/tracking-links');
    await eventually(async () => (await field.inputValue()).endsWith('{clickid}'), 15_000);

    // Its session builds its own links only, and the catalog screens are not its.
    const other = await page.request.get(
      `/api/offers/${summerId}/tracking-link?publisherId=${blueId}`,
    );
    expect(other.status()).toBe(403);
    await page.goto('/app/publishers');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();

    // Nothing the console fetched carries revenue (a field, or the offer's amount) or another
    // publisher.
    await eventually(async () => bodies.length > 0, 5_000);
    for (const body of bodies) {
      expect(body).not.toMatch(/"revenue"\s*:/);
      expect(body).not.toContain('31.17');
      expect(body).not.toContain('Blue Ads');
    }
  });
});
