import type { Page } from 'playwright-core';
import { BrowserTest, createUser, signIn, openScreen } from '../helpers/browser';
import { createConversion, createNetwork, Network } from '../helpers/conversion-fixtures';
import { createRule } from '../helpers/postback-fixtures';
import { eventually, Receiver } from '../helpers/receiver';
import { createClick } from '../helpers/tracking-fixtures';

// "My tracker shows nothing": the rule page answers it (SPEC §14 in the console, issue #19).
// A rule fills its click id from {sub2}, the publisher's traffic never carries sub2, and the
// tracker answers 404: the health panel shows the failures and the last error in words, and the
// editor's preview warns about the empty macro before anything is saved.
describe('Console: rule health and the traffic check (browser)', () => {
  let t: BrowserTest;
  let receiver: Receiver;
  let net: Network;
  let publisher: { email: string; password: string };
  let ruleId: number;

  beforeAll(async () => {
    t = await BrowserTest.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await Receiver.start();
    net = await createNetwork(t.app);
    publisher = await createUser(t.app, {
      email: 'pub@health.example',
      name: 'Hana Health',
      role: 'publisher',
      publisherId: net.publisher.id,
    });
    const rule = await createRule(t.app, {
      name: 'Tracker via sub2',
      type: 'conversion',
      publisherId: net.publisher.id,
      url: receiver.url('/lost?cid={sub2}&t={transaction_id}'),
      maxAttempts: 1,
    });
    ruleId = rule.id;
    receiver.script('/lost', ...Array.from({ length: 4 }, () => ({ status: 404 })));
    const clicks: string[] = [];
    for (let i = 0; i < 20; i++) {
      const click = await createClick(t.app, {
        offerId: net.offer.id,
        publisherId: net.publisher.id,
        sub1: `s${i}`,
      });
      clicks.push(click.transactionId);
    }
    for (const transactionId of clicks.slice(0, 4))
      await createConversion(t.app, { transactionId });
    await receiver.waitFor('/lost', 4);
    // The fourth 404 is logged a moment after the receiver answered it.
    await eventually(
      async () => {
        const res = await t.app.get(`/api/postbacks/${ruleId}/health`);
        return res.body.deliveries?.failed === 4 || undefined;
      },
      20_000,
      'four failed deliveries',
    );
  });

  afterAll(async () => {
    await receiver?.stop();
    await t?.stop();
  });

  const region = (page: Page, name: string) => page.getByRole('region', { name });
  const EMPTY_SUB2 = '`{sub2}` was empty in 20 of your last 20 clicks';

  it('shows the failures, the last error in words and the empty {sub2} on the rule page', async () => {
    const page = await t.newPage();
    await signIn(page, publisher.email, publisher.password);
    await page.goto(`/app/rules/${ruleId}`);
    const health = region(page, 'Health, last 24 hours');
    await health.getByText('failed', { exact: true }).waitFor();
    const text = (await health.textContent()) ?? '';
    expect(text).toContain('4failed');
    expect(text).toContain('0 %success rate');
    expect(text).toContain('tracker does not know this URL (404 Not Found); check the URL');
    expect(text).toContain('Last success: none in this window');
    await health.getByText(EMPTY_SUB2).waitFor();
    // The editor's live preview says the same about the saved template.
    await region(page, 'Live preview').getByText(EMPTY_SUB2).waitFor();
  });

  it('warns in the preview of a new rule as the publisher types {sub2}, and not for {sub1}', async () => {
    const page = await t.newPage();
    await signIn(page, publisher.email, publisher.password);
    await openScreen(page, 'My postback rules');
    await page.getByRole('link', { name: 'New rule' }).click();
    const url = page.getByRole('textbox', { name: 'URL' });
    await url.fill('https://tracker.example/pb?cid={sub1}');
    const preview = region(page, 'Live preview');
    await preview.getByText('tracker.example/pb?cid=', { exact: false }).first().waitFor();
    await url.fill('https://tracker.example/pb?cid={sub2}');
    await preview.getByText(EMPTY_SUB2).waitFor();
    // Back to {sub1}, which the traffic fills: the warning goes.
    await url.fill('https://tracker.example/pb?cid={sub1}');
    await preview.getByText(EMPTY_SUB2).waitFor({ state: 'detached' });
  });
});
