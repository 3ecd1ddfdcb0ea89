import type { Page } from 'playwright-core';
import {
  BrowserTest,
  choose,
  createUser,
  signIn,
  waitForValue,
  openScreen,
} from '../helpers/browser';
import { createAdvertiser, createOffer, createPublisher } from '../helpers/fixtures';
import { Receiver } from '../helpers/receiver';

// A publisher builds its tracker's postback in the console: preset, live preview, save, Send
// test; what the receiver really gets is what the preview showed (SPEC §11).
const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

describe('Console: the rule editor (browser)', () => {
  let t: BrowserTest;
  let receiver: Receiver;
  let publisher: { email: string; password: string };

  beforeAll(async () => {
    // The receiver listens on loopback, which the SSRF guard opens for tests only.
    t = await BrowserTest.start({
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    receiver = await Receiver.start();
    const advertiser = await createAdvertiser(t.app, { name: 'Shop' });
    await createOffer(t.app, advertiser.id, { name: 'Summer Sale' });
    const acme = await createPublisher(t.app, { name: 'Acme Media' });
    publisher = await createUser(t.app, {
      email: 'pub@acme.example',
      name: 'Paula Publisher',
      role: 'publisher',
      publisherId: acme.id,
    });
  });

  afterAll(async () => {
    await receiver?.stop();
    await t?.stop();
  });

  const preview = (page: Page) => page.getByRole('region', { name: 'Live preview' });
  const previewed = async (page: Page, label: string) =>
    (await preview(page).getByLabel(label).textContent()) ?? '';

  it('builds a Keitaro rule from the preset; Send test delivers exactly the previewed request', async () => {
    const page = await t.newPage();
    await signIn(page, publisher.email, publisher.password);
    await openScreen(page, 'My postback rules');
    await page.getByRole('link', { name: 'New rule' }).click();

    await choose(page, 'Receiver preset', 'Keitaro');
    // A refused field answers in words: its label and one example, not the field's API name.
    const address = page.getByRole('textbox', { name: /Tracker address/ });
    await address.fill('trk.example.com');
    await page.getByRole('textbox', { name: /Postback key/ }).fill('k3y');
    await page.getByRole('button', { name: 'Fill the form from Keitaro' }).click();
    await page
      .getByText(
        '"trk.example.com" is not valid: Tracker address: scheme and domain, e.g. https://trk.example.com',
        { exact: true },
      )
      .waitFor();
    await address.fill(receiver.origin);
    await page.getByRole('textbox', { name: /Postback key/ }).fill('k3y');
    await page.getByRole('button', { name: 'Fill the form from Keitaro' }).click();
    await preview(page).getByText('subid=', { exact: false }).first().waitFor();

    // The publisher's own rule: no publisher to choose, its offers to pick from.
    expect(await page.getByRole('combobox', { name: 'Publisher' }).count()).toBe(0);
    await page.getByRole('textbox', { name: 'Publisher' }).waitFor();
    await choose(page, 'Offers', /Summer Sale/);
    await page.getByText('Offer Summer Sale of publisher Acme Media — local').waitFor();

    const requestLine = await previewed(page, 'Previewed request line');
    expect(requestLine).toMatch(
      new RegExp(
        `^GET ${receiver.origin}/k3y/postback\\?subid=kt9f3a2b1c0d&status=sale&payout=12\\.50&`,
      ),
    );
    // The http:// receiver is warned about, inline.
    await preview(page)
      .getByText(/uses http/)
      .waitFor();

    await page.getByRole('button', { name: 'Save rule' }).first().click();
    await page.waitForURL(/\/app\/rules\/\d+$/);
    await page.getByRole('heading', { name: 'Keitaro' }).waitFor();

    await page.getByRole('button', { name: 'Send test' }).click();
    const result = page.getByRole('group', { name: 'Test result' });
    await result.getByText('Status 200').waitFor();
    const [received] = await receiver.waitFor('/k3y/postback');
    expect(received.method).toBe('GET');
    expect(`GET ${receiver.origin}${received.target}`).toBe(requestLine);
    expect(await result.getByLabel('Response body').textContent()).toBe('OK');

    // Saved as shown: the list has it, with its scope in words.
    await page.getByRole('link', { name: '← Postback rules' }).click();
    const row = page.getByRole('row', { name: /Keitaro/ });
    await row.getByText('Offer Summer Sale of publisher Acme Media').waitFor();
    expect(await row.getByText(`GET 127.0.0.1:${new URL(receiver.origin).port}`).count()).toBe(1);
  });

  it('completes macros after `{`, inserts from the picker at the cursor, and a POST body arrives as previewed', async () => {
    const page = await t.newPage();
    await signIn(page, publisher.email, publisher.password);
    await page.goto('/app/rules/new');
    await page.getByRole('textbox', { name: 'Name' }).fill('CRM feed');

    const url = page.getByRole('textbox', { name: /^URL/ });
    await url.click();
    await url.pressSequentially(`${receiver.origin}/crm?click={external_tr`);
    await page.getByRole('option', { name: /\{external_transaction_id\}/ }).waitFor();
    await url.press('Enter');
    await waitForValue(url, `${receiver.origin}/crm?click={external_transaction_id}`);
    // Network-only macros are never offered to a publisher: {adv_transaction_id}, not
    // {advertiser_id}.
    await url.pressSequentially('&a={adv');
    await page.getByRole('option', { name: /\{adv_transaction_id\}/ }).waitFor();
    expect(await page.getByRole('option', { name: /\{advertiser_id\}/ }).count()).toBe(0);
    await url.press('Escape');
    await url.fill(`${receiver.origin}/crm?click={external_transaction_id}`);

    await page.getByRole('radio', { name: 'POST' }).check();
    await choose(page, 'Body content type', /^JSON/);
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.fill('{"click": "{external_transaction_id}", "payout": ""}');
    // The caret between the last pair of quotes, then the picker.
    await body.press('End');
    for (let i = 0; i < 2; i++) await body.press('ArrowLeft');
    await page.getByRole('combobox', { name: 'Insert macro' }).fill('payout');
    await page.getByRole('option', { name: /^\{payout\}/ }).click();
    await waitForValue(body, '{"click": "{external_transaction_id}", "payout": "{payout}"}');

    await preview(page).getByText('"payout": "12.50"').waitFor();
    const previewedBody = await previewed(page, 'Previewed body');
    const requestLine = await previewed(page, 'Previewed request line');
    expect(await previewed(page, 'Previewed headers')).toContain('content-type: application/json');

    await page.getByRole('button', { name: 'Save rule' }).first().click();
    await page.waitForURL(/\/app\/rules\/\d+$/);
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('group', { name: 'Test result' }).getByText('Status 200').waitFor();
    const [received] = await receiver.waitFor('/crm');
    expect(`${received.method} ${receiver.origin}${received.target}`).toBe(requestLine);
    expect(received.body).toBe(previewedBody);
    expect(received.headers['content-type']).toBe('application/json');
  });

  it("shows the linter's errors on the field and in the preview; a refused save stays on the form", async () => {
    const page = await t.newPage();
    await signIn(page, publisher.email, publisher.password);
    await page.goto('/app/rules/new');
    await page.getByRole('textbox', { name: 'Name' }).fill('Broken');
    const url = page.getByRole('textbox', { name: /^URL/ });
    await url.fill('https://trk.example/p?x={nope}');
    await preview(page).getByRole('alert').getByText('Unknown macro {nope}').waitFor();

    await page.getByRole('button', { name: 'Save rule' }).first().click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    // The URL field itself carries the API's message for `url`.
    await page.getByRole('region', { name: 'Request' }).getByText('Unknown macro {nope}').waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/app\/rules\/new$/);
  });

  it('lets an admin choose the publisher, and says network-level in words', async () => {
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/app/rules/new');
    await choose(page, 'Publisher', 'Network-level (every publisher)');
    await page.getByText('All offers of every publisher (network-level) — global').waitFor();
    await choose(page, 'Publisher', 'Acme Media');
    await choose(page, 'Offers', /Summer Sale/);
    await page.getByText('Offer Summer Sale of publisher Acme Media — local').waitFor();
  });
});
