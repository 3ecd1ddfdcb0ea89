import {
  clickOn,
  createConversion,
  createNetwork,
  intakeGet,
  Network,
} from './helpers/conversion-fixtures';
import { signedInUser } from './helpers/session-fixtures';
import { TestApp } from './helpers/test-app';

// What the console's sessions get from the conversions and intake-log APIs (SPEC §1, §11): a
// publisher its own conversions without revenue or the advertiser's side, an advertiser its
// own conversions and intake requests only.
describe('Conversions and intake logs seen through console sessions (e2e)', () => {
  let t: TestApp;
  let a: Network;
  let b: Network;
  let convA: any;
  let convB: any;

  beforeAll(async () => {
    t = await TestApp.start();
    a = await createNetwork(t, { payout: '3.33', revenue: '7.77' });
    b = await createNetwork(t);
    convA = await createConversion(t, { transactionId: await clickOn(t, a) });
    convB = await createConversion(t, { transactionId: await clickOn(t, b) });
    await intakeGet(t, a.advertiser.postbackKey, { clickid: 'only-a', status: 'sale' });
    await intakeGet(t, b.advertiser.postbackKey, { clickid: 'only-b', status: 'sale' });
  });
  afterAll(() => t.stop());

  const ADVERTISER_SIDE = ['revenue', 'originalRevenue', 'originalPayout', 'advertiserId'];

  it('gives a publisher session its own conversions with payout and no revenue', async () => {
    const { browser } = await signedInUser(t, { role: 'publisher', publisherId: a.publisher.id });
    const list = await browser.get('/api/conversions');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: any) => c.id)).toEqual([convA.id]);
    const one = await browser.get(`/api/conversions/${convA.id}`);
    for (const body of [list.body.items[0], one.body]) {
      expect(body.payout).toBe('3.33');
      for (const field of ADVERTISER_SIDE) expect(body).not.toHaveProperty(field);
    }
    expect(JSON.stringify([list.body, one.body])).not.toContain('7.77');
    expect((await browser.get(`/api/conversions/${convB.id}`)).status).toBe(404);
    expect((await browser.get('/api/intake-logs')).status).toBe(403);
  });

  it("gives an advertiser session its own conversions and intake requests, never another's", async () => {
    const { browser } = await signedInUser(t, {
      role: 'advertiser',
      advertiserId: a.advertiser.id,
    });
    const list = await browser.get('/api/conversions');
    expect(list.body.items.map((c: any) => c.id)).toEqual([convA.id]);
    expect(list.body.items[0]).not.toHaveProperty('payout');
    expect((await browser.get(`/api/conversions/${convB.id}`)).status).toBe(404);
    // Asking for another advertiser's by filter finds nothing either.
    const other = await browser.get(`/api/conversions?advertiserId=${b.advertiser.id}`);
    expect(other.body.items).toEqual([]);

    const logs = await browser.get('/api/intake-logs');
    expect(logs.status).toBe(200);
    const raw = logs.body.items.map((l: any) => l.rawQuery).join(' ');
    expect(raw).toContain('only-a');
    expect(raw).not.toContain('only-b');
    const otherLogs = await browser.get(`/api/intake-logs?advertiserId=${b.advertiser.id}`);
    expect(otherLogs.body.items).toEqual([]);
  });
});
