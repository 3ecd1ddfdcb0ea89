import { createHmac } from 'node:crypto';
import { buildOutboundRequest, RenderableRule } from './outbound-request';

const rule: RenderableRule = {
  method: 'GET',
  url: 'https://trk.example/pb?subid={external_transaction_id}&status={status}&payout={payout}&d={delivery_id}',
  headers: {},
  body: null,
  contentType: null,
  statusMap: { approved: 'sale', rejected: 'reject' },
  timeoutMs: 5000,
  signingSecret: null,
};
const snapshot = {
  external_transaction_id: 'abc 123&x',
  raw_status: 'approved',
  payout: '12.50',
  revenue: '20.00',
};
const ctx = {
  deliveryId: '0190e0c0-0000-7000-8000-000000000001',
  nowMs: 1_718_000_000_123,
  random: 'r',
};

describe('buildOutboundRequest', () => {
  it('renders the URL with encoded values and the status mapped for this receiver', () => {
    const req = buildOutboundRequest(rule, snapshot, ctx);
    expect(req.url).toBe(
      'https://trk.example/pb?subid=abc%20123%26x&status=sale&payout=12.50&d=0190e0c0-0000-7000-8000-000000000001',
    );
    expect(req.method).toBe('GET');
    expect(req.body).toBeNull();
    expect(req.timeoutMs).toBe(5000);
  });

  it('falls back to the raw status when the map has no entry', () => {
    const req = buildOutboundRequest(rule, { ...snapshot, raw_status: 'pending' }, ctx);
    expect(req.url).toContain('status=pending');
  });

  it('always sends the User-Agent and an Idempotency-Key equal to the delivery id', () => {
    const req = buildOutboundRequest(rule, snapshot, ctx);
    expect(req.headers['user-agent']).toMatch(/^postback-manager\/\d+\.\d+\.\d+/);
    expect(req.headers['idempotency-key']).toBe(ctx.deliveryId);
    expect(req.headers['webhook-signature']).toBeUndefined();
  });

  it('renders a JSON body escaped for JSON and header templates raw without control characters', () => {
    const crm: RenderableRule = {
      ...rule,
      method: 'POST',
      url: 'https://crm.example/api/conversions',
      headers: { 'X-Token': 'tok-{payout}', 'X-Sub': '{external_transaction_id}' },
      body: '{"click":"{external_transaction_id}","revenue":"{revenue}","status":"{raw_status}"}',
      contentType: 'application/json',
    };
    const req = buildOutboundRequest(
      crm,
      { ...snapshot, external_transaction_id: 'a"b\\c\r\nd' },
      ctx,
    );
    expect(JSON.parse(req.body!)).toEqual({
      click: 'a"b\\c\r\nd',
      revenue: '20.00',
      status: 'approved',
    });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-token']).toBe('tok-12.50');
    expect(req.headers['x-sub']).toBe('a"b\\cd');
  });

  it('percent-encodes a form body and defaults POST bodies to form encoding', () => {
    const form: RenderableRule = {
      ...rule,
      method: 'POST',
      body: 'sub={external_transaction_id}&st={status}',
    };
    const req = buildOutboundRequest(form, snapshot, ctx);
    expect(req.body).toBe('sub=abc%20123%26x&st=sale');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('drops a body on GET', () => {
    expect(buildOutboundRequest({ ...rule, body: 'x={payout}' }, snapshot, ctx).body).toBeNull();
  });

  it('signs with Standard Webhooks headers over id.timestamp.body', () => {
    const secretBytes = Buffer.from('a-very-secret-key-of-24-bytes!!');
    const signed: RenderableRule = {
      ...rule,
      method: 'POST',
      body: '{"s":"{status}"}',
      contentType: 'application/json',
      signingSecret: `whsec_${secretBytes.toString('base64')}`,
    };
    const req = buildOutboundRequest(signed, snapshot, ctx);
    const timestamp = Math.floor(ctx.nowMs / 1000);
    const expected = createHmac('sha256', secretBytes)
      .update(`${ctx.deliveryId}.${timestamp}.{"s":"sale"}`)
      .digest('base64');
    expect(req.headers['webhook-id']).toBe(ctx.deliveryId);
    expect(req.headers['webhook-timestamp']).toBe(String(timestamp));
    expect(req.headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('gives every attempt a fresh {random} and a current {timestamp}', () => {
    const r = { ...rule, url: 'https://t.example/?r={random}&t={timestamp}' };
    const a = buildOutboundRequest(r, snapshot, { deliveryId: 'd', nowMs: 1_000_000 });
    const b = buildOutboundRequest(r, snapshot, { deliveryId: 'd', nowMs: 2_000_000 });
    expect(a.url).not.toBe(b.url);
    expect(a.url).toMatch(/^https:\/\/t\.example\/\?r=[0-9a-f]{16}&t=1000$/);
    expect(b.url).toMatch(/&t=2000$/);
  });
});
