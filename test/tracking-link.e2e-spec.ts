import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { rawGet } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

const PUBLIC_BASE_URL = 'https://go.example.net';

const fields = (res: { body: { details?: { field: string }[] } }) =>
  (res.body.details ?? []).map((d) => d.field);

// SPEC §12: GET /api/offers/:id/tracking-link → the absolute /click link with the tracker's
// click-id macro in external_transaction_id.
describe('Tracking links (e2e)', () => {
  let t: TestApp;
  let offer: any;
  let publisher: any;
  let publisherKey: string;
  let otherPublisher: any;

  beforeAll(async () => {
    t = await TestApp.start({ PUBLIC_BASE_URL: `${PUBLIC_BASE_URL}/` });
    const advertiser = await createAdvertiser(t);
    offer = await createOffer(t, advertiser.id, {
      url: 'https://adv.example/lp?click={transaction_id}',
    });
    publisher = await createPublisher(t);
    otherPublisher = await createPublisher(t);
    publisherKey = await createKey(t, { role: 'publisher', publisherId: publisher.id });
  });
  afterAll(() => t.stop());

  const linkPath = (offerId: number, query: string) =>
    `/api/offers/${offerId}/tracking-link${query ? `?${query}` : ''}`;

  it('builds the Keitaro link, which round-trips: the tracker fills {subid}, the click keeps it', async () => {
    const res = await t.get(linkPath(offer.id, 'presetId=keitaro'), { key: publisherKey });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      url: `${PUBLIC_BASE_URL}/click?offer_id=${offer.id}&aff_id=${publisher.id}&external_transaction_id={subid}`,
      offerId: offer.id,
      publisherId: publisher.id,
      presetId: 'keitaro',
      clickIdMacro: '{subid}',
      note: null,
    });

    // What Keitaro does with the link: substitute its click id for the macro, send the visitor.
    const followed = res.body.url
      .replace('{subid}', 'kt7f3a9c2')
      .replace(PUBLIC_BASE_URL, t.baseUrl);
    const click = await rawGet(t, followed.slice(t.baseUrl.length));
    expect(click.status).toBe(302);
    const transactionId = new URL(String(click.headers.location)).searchParams.get('click');
    const stored = await t.get(`/api/clicks/${transactionId}`);
    expect(stored.body).toMatchObject({
      offerId: offer.id,
      publisherId: publisher.id,
      externalTransactionId: 'kt7f3a9c2',
    });
  });

  it('gives an admin the link of any publisher, and says what to add without a preset', async () => {
    const res = await t.get(linkPath(offer.id, `publisherId=${otherPublisher.id}`));
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(
      `${PUBLIC_BASE_URL}/click?offer_id=${offer.id}&aff_id=${otherPublisher.id}`,
    );
    expect(res.body.clickIdMacro).toBeNull();
    expect(res.body.note).toMatch(/external_transaction_id/);
  });

  it('refuses a missing or unknown publisher, an unknown preset and a bad offer id', async () => {
    const missing = await t.get(linkPath(offer.id, 'presetId=keitaro'));
    expect(missing.status).toBe(400);
    expect(fields(missing)).toEqual(['publisherId']);
    const unknown = await t.get(linkPath(offer.id, 'publisherId=999999'));
    expect(unknown.status).toBe(400);
    expect(fields(unknown)).toEqual(['publisherId']);
    const preset = await t.get(linkPath(offer.id, `publisherId=${publisher.id}&presetId=nope`));
    expect(preset.status).toBe(400);
    expect(fields(preset)).toEqual(['presetId']);
    expect((await t.get(linkPath(999999, `publisherId=${publisher.id}`))).status).toBe(404);
    // With a valid publisherId, so only the id itself can be at fault.
    const badId = await t.get(`/api/offers/abc/tracking-link?publisherId=${publisher.id}`);
    expect(badId.status).toBe(400);
    expect(badId.body.error).toBe('invalid_id');
  });

  it('keeps a publisher to its own links and active offers; advertisers get none', async () => {
    const other = await t.get(linkPath(offer.id, `publisherId=${otherPublisher.id}`), {
      key: publisherKey,
    });
    expect(other.status).toBe(403);
    const own = await t.get(linkPath(offer.id, `publisherId=${publisher.id}`), {
      key: publisherKey,
    });
    expect(own.status).toBe(200);

    const advertiser = await createAdvertiser(t);
    const paused = await createOffer(t, advertiser.id, { status: 'paused' });
    expect((await t.get(linkPath(paused.id, ''), { key: publisherKey })).status).toBe(404);
    // An admin still gets it, with a word on why clicks will be refused.
    const forAdmin = await t.get(linkPath(paused.id, `publisherId=${publisher.id}`));
    expect(forAdmin.status).toBe(200);
    expect(forAdmin.body.note).toMatch(/paused/);

    const advertiserKey = await createKey(t, {
      role: 'advertiser',
      advertiserId: advertiser.id,
    });
    const res = await t.get(linkPath(paused.id, `publisherId=${publisher.id}`), {
      key: advertiserKey,
    });
    expect(res.status).toBe(403);
  });

  it('gives advertisers their full S2S postback URL, which the intake accepts', async () => {
    const advertiser = await createAdvertiser(t);
    const own = await createOffer(t, advertiser.id, {
      url: 'https://adv.example/lp?click={transaction_id}',
    });
    const advertiserKey = await createKey(t, { role: 'advertiser', advertiserId: advertiser.id });
    const expected = `${PUBLIC_BASE_URL}/postback/${advertiser.postbackKey}`;
    expect(advertiser.postbackUrl).toBe(expected);
    const seen = await t.get(`/api/advertisers/${advertiser.id}`, { key: advertiserKey });
    expect(seen.body).toMatchObject({ postbackUrl: expected });
    expect(seen.body.postbackUrlExample).toMatch(
      new RegExp(`^${expected}\\?transaction_id=CLICK_ID&status=approved&`),
    );
    const listed = await t.get('/api/advertisers', { key: advertiserKey });
    expect(listed.body.items).toEqual([expect.objectContaining({ postbackUrl: expected })]);
    const rotated = await t.post(`/api/advertisers/${advertiser.id}/rotate-postback-key`);
    expect(rotated.body.postbackUrl).toBe(
      `${PUBLIC_BASE_URL}/postback/${rotated.body.postbackKey}`,
    );

    // The advertiser's system calls the example with a real click id in place of CLICK_ID.
    const click = await rawGet(t, `/click?offer_id=${own.id}&aff_id=${publisher.id}`);
    const transactionId = new URL(String(click.headers.location)).searchParams.get('click')!;
    const call = seen.body.postbackUrlExample
      .replace(
        `${PUBLIC_BASE_URL}/postback/${advertiser.postbackKey}`,
        `/postback/${rotated.body.postbackKey}`,
      )
      .replace('CLICK_ID', transactionId);
    const intake = await rawGet(t, call);
    expect(intake.status).toBe(200);
    expect(intake.body.toString()).toBe('OK');
  });
});
