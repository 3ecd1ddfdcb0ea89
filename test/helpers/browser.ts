import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/console/console-static';
import { eventually } from './receiver';
import { TestApp } from './test-app';

export const VIEWPORT = { width: 1280, height: 800 };

// A real Chromium against a TestApp serving the built console (npm test builds it first).
export class BrowserTest {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly app: TestApp,
    readonly browser: Browser,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<BrowserTest> {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      throw new Error('The console is not built: run `npm run build:web` (npm test does it)');
    }
    const app = await TestApp.start(env);
    try {
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
      });
      return new BrowserTest(app, browser);
    } catch (error) {
      await app.stop();
      throw error;
    }
  }

  // A fresh browser profile (its own cookies), as a different person would have.
  async newPage(): Promise<Page> {
    const context = await this.browser.newContext({
      baseURL: this.app.baseUrl,
      viewport: VIEWPORT,
      timezoneId: 'Europe/Berlin',
    });
    this.contexts.push(context);
    return context.newPage();
  }

  async stop(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close();
    await this.app.stop();
  }
}

// Signs in through the form, as a person does; resolves once the console shows its screen.
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/app/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

// Opens a screen from the console's navigation, as a person does after signing in (managers
// and publishers land on the overview).
export async function openScreen(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

// Picks `option` (the whole name, or a pattern) in the Mantine select labelled `label`.
export async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

// The same inside `scope` (a dialog whose select has the label of one on the page behind it);
// options open in a portal, so they are found on the page.
export async function chooseIn(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

// A person who signs in with a password, created through the users API by the admin key.
export async function createUser(
  app: TestApp,
  body: { email: string; name: string; role: string; publisherId?: number; advertiserId?: number },
  password = `pw-${Math.random().toString(36).slice(2)}-long`,
): Promise<{ id: number; email: string; password: string }> {
  const res = await app.post('/api/users', { ...body, password });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  return { id: res.body.id, email: body.email, password };
}

// Waits until the field shows `expected` (a select shows its value once its options are in);
// fails with what it showed instead.
export async function waitForValue(field: Locator, expected: string): Promise<void> {
  let shown = '';
  try {
    await eventually(async () => (shown = await field.inputValue()) === expected, 10_000);
  } catch {
    throw new Error(`expected the field to show "${expected}", it shows "${shown}"`);
  }
}

// SCREENSHOTS=1 writes the README's pictures of the screens (docs/screenshots/<name>).
// `fullPage` for a screen taller than the window.
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = join(__dirname, '../../docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name), fullPage: options.fullPage });
}
