import type { Page } from 'playwright-core';
import { BrowserTest, chooseIn, signIn } from '../helpers/browser';
import { createPublisher } from '../helpers/fixtures';
import { eventually } from '../helpers/receiver';

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

async function openScreen(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

// API keys and currency rates (SPEC §11, §5.2) in the console.
describe('Console: API keys and currency rates (browser)', () => {
  let t: BrowserTest;
  let admin: Page;

  beforeAll(async () => {
    t = await BrowserTest.start({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    await createPublisher(t.app, { name: 'Acme Media' });
    admin = await t.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
  });

  afterAll(() => t?.stop());

  it('shows a new key once, which works until it is revoked', async () => {
    await openScreen(admin, 'API keys');
    await admin.getByText('No API keys yet.').waitFor();
    await admin.getByRole('button', { name: 'New API key' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New API key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Acme tracker sync');
    await chooseIn(admin, dialog, 'Role', 'Publisher');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText('Choose the publisher').waitFor();
    await chooseIn(admin, dialog, 'Publisher', 'Acme Media');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    await dialog.getByText('Copy the key now').waitFor();
    await dialog.getByText(/only time Acme tracker sync’s key is shown/).waitFor();
    const key = await dialog.getByRole('textbox', { name: 'API key' }).inputValue();
    expect(key.length).toBeGreaterThanOrEqual(32);
    await dialog.getByRole('button', { name: 'Copy API key' }).waitFor();
    const me = await fetch(`${t.app.baseUrl}/api/me`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: 'publisher', via: 'api_key' });

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = admin.getByRole('row', { name: /Acme tracker sync/ });
    await row.getByText('Publisher Acme Media').waitFor();
    await row.getByText(`${key.slice(0, 7)}…`).waitFor();
    // Never again: not on the page, not in what the list answers.
    expect(await admin.content()).not.toContain(key);
    expect(JSON.stringify((await t.app.get('/api/api-keys')).body)).not.toContain(key);

    await row.getByRole('button', { name: 'Revoke Acme tracker sync' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Revoke the key Acme tracker sync?' });
    await confirm.getByText(/Every call made with this key is refused/).waitFor();
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await admin.getByText('No API keys yet.').waitFor();
    const after = await fetch(`${t.app.baseUrl}/api/me`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(after.status).toBe(401);
  });

  it('sets a currency rate, refusing one that is not a positive decimal', async () => {
    await openScreen(admin, 'Currency rates');
    await admin.getByText('No rates yet.').waitFor();
    await admin.getByRole('textbox', { name: 'Currency' }).fill('eur');
    await admin.getByRole('textbox', { name: 'Rate (in USD)' }).fill('-1');
    await admin.getByRole('button', { name: 'Save rate' }).click();
    await admin.getByText(/rate must be a positive decimal/).waitFor();

    await admin.getByRole('textbox', { name: 'Rate (in USD)' }).fill('1.08');
    await admin.getByRole('button', { name: 'Save rate' }).click();
    await admin.getByRole('cell', { name: '1 EUR = 1.08 USD' }).waitFor();
    await eventually(async () => {
      const rates = await t.app.get('/api/currency-rates');
      return rates.body.items.some((r: { code: string; rate: string }) => r.code === 'EUR');
    }, 10_000);

    // Change fills the form with the row's rate.
    await admin.getByRole('button', { name: 'Change EUR' }).click();
    expect(await admin.getByRole('textbox', { name: 'Currency' }).inputValue()).toBe('EUR');
    await admin.getByRole('textbox', { name: 'Rate (in USD)' }).fill('1.1');
    await admin.getByRole('button', { name: 'Save rate' }).click();
    await admin.getByRole('cell', { name: /^1 EUR = 1\.10* USD$/ }).waitFor();
  });
});
