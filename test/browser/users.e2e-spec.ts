import {
  BrowserTest,
  chooseIn,
  createUser,
  openScreen,
  screenshot,
  signIn,
  waitForValue,
} from '../helpers/browser';
import { createAdvertiser, createPublisher } from '../helpers/fixtures';

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

// The Users screen (SPEC §11): the admin creates a publisher user in the console, hands over
// its invite link, and disabling the user ends its session.
describe('Console: users (browser)', () => {
  let t: BrowserTest;

  beforeAll(async () => {
    t = await BrowserTest.start({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    await createPublisher(t.app, { name: 'Acme Media' });
    const blue = await createPublisher(t.app, { name: 'Blue Ads' });
    const shop = await createAdvertiser(t.app, { name: 'Shop' });
    await createUser(t.app, {
      email: 'paula@blue.example',
      name: 'Paula Publisher',
      role: 'publisher',
      publisherId: blue.id,
    });
    await createUser(t.app, {
      email: 'sam@shop.example',
      name: 'Sam Shop',
      role: 'advertiser',
      advertiserId: shop.id,
    });
  });

  afterAll(() => t?.stop());

  it('invites a publisher user whose link signs them in scoped to it; disabling signs them out', async () => {
    const admin = await t.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    await admin
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Users' })
      .click();
    await admin.getByRole('heading', { name: 'Users' }).waitFor();
    const row = (name: string) => admin.getByRole('row', { name: new RegExp(name) });

    // Roles in words with whom they are bound to; the admin's own row cannot be disabled.
    await row('Sam Shop').getByText('Advertiser of Shop').waitFor();
    await row('Paula Publisher').getByText('Publisher of Blue Ads').waitFor();
    await row('Admin').getByText('You').waitFor();
    await row('Admin').getByText('Network manager').waitFor();
    expect(await row('Admin').getByRole('button').count()).toBe(0);

    // The role filter lives in the URL.
    await chooseIn(admin, admin.locator('main'), 'Role', 'Advertiser');
    await admin.waitForURL(/\/app\/users\?role=advertiser$/);
    await row('Paula Publisher').waitFor({ state: 'detached' });
    await row('Sam Shop').waitFor();
    await chooseIn(admin, admin.locator('main'), 'Role', 'Any');
    await row('Paula Publisher').waitFor();

    await admin.getByRole('button', { name: 'Invite user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite user' });
    await dialog.getByRole('button', { name: 'Close' }).waitFor();
    await dialog.getByRole('textbox', { name: 'Email' }).fill('ivy-at-acme.example');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Ivy Invited');
    await chooseIn(admin, dialog, 'Role', 'Publisher');
    await chooseIn(admin, dialog, 'Publisher', 'Acme Media');
    // The API's refusal lands on the field it names.
    const [refused] = await Promise.all([
      admin.waitForResponse(
        (r) => r.url().endsWith('/api/users') && r.request().method() === 'POST',
      ),
      dialog.getByRole('button', { name: 'Create user' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    const email = dialog.getByRole('textbox', { name: 'Email' });
    await dialog.getByText('email must be an email').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');

    await email.fill('ivy@acme.example');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const firstLink = await dialog.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(firstLink).toMatch(new RegExp(`^${t.app.baseUrl}/app/invite/[\\w-]{20,}$`));
    await dialog.getByText(/expires in 7 days/).waitFor();
    await row('Ivy Invited').getByText('Publisher of Acme Media').waitFor();
    await screenshot(admin, 'users.png');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    // A new link replaces the first, which stops working.
    await row('Ivy Invited').getByText('Never').waitFor();
    await row('Ivy Invited')
      .getByRole('button', { name: 'New invite link for Ivy Invited' })
      .click();
    const linkDialog = admin.getByRole('dialog', { name: 'Invite link for Ivy Invited' });
    const inviteLink = await linkDialog.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(inviteLink).not.toBe(firstLink);
    await linkDialog.getByRole('button', { name: 'Done' }).click();

    const ivy = await t.newPage();
    await ivy.goto(new URL(firstLink).pathname);
    await ivy.getByText('This invitation has expired or was already used.').waitFor();
    await ivy.goto(new URL(inviteLink).pathname);
    expect(await ivy.getByRole('textbox', { name: 'Email' }).inputValue()).toBe('ivy@acme.example');
    await ivy.getByRole('textbox', { name: 'New password' }).fill('ivy-password-1');
    await ivy.getByRole('textbox', { name: 'Repeat the password' }).fill('ivy-password-1');
    await ivy.getByRole('button', { name: 'Set password and sign in' }).click();
    await ivy.getByRole('heading', { name: 'Overview' }).waitFor();
    await ivy.getByText('Ivy Invited').waitFor();

    // Scoped to Acme Media: no Users screen, and the new rule's publisher is fixed.
    expect(await ivy.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await openScreen(ivy, 'My postback rules');
    await ivy.getByRole('link', { name: 'New rule' }).click();
    await waitForValue(ivy.getByRole('textbox', { name: 'Publisher' }), 'Acme Media');
    expect(await ivy.getByRole('combobox', { name: 'Publisher' }).count()).toBe(0);

    // The admin sees the sign-in, then disables Ivy after confirming.
    await admin.reload();
    await row('Ivy Invited').locator('time').waitFor();
    expect(
      await row('Ivy Invited')
        .getByRole('button', { name: /New invite link/ })
        .count(),
    ).toBe(0);
    await row('Ivy Invited').getByRole('button', { name: 'Disable Ivy Invited' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Disable Ivy Invited?' });
    await confirm.getByText(/signed out everywhere/).waitFor();
    await confirm.getByRole('button', { name: 'Disable user' }).click();
    await confirm.waitFor({ state: 'detached' });
    await row('Ivy Invited').getByText('Disabled').waitFor();
    await row('Ivy Invited').getByRole('button', { name: 'Enable Ivy Invited' }).waitFor();

    // Ivy's next screen asks her to sign in, and her password no longer opens a session.
    await ivy
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'My postback rules' })
      .click();
    await ivy.waitForURL(/\/app\/sign-in/);
    expect((await ivy.request.get('/api/me')).status()).toBe(401);
    const again = await ivy.request.post('/auth/sign-in', {
      data: { email: 'ivy@acme.example', password: 'ivy-password-1' },
      headers: { origin: t.app.baseUrl },
    });
    expect(again.status()).toBe(401);
  });
});
