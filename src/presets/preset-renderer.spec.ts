import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { buildOutboundRequest } from '../postbacks/delivery/outbound-request';
import { lintPostbackTemplates } from '../postbacks/templates/template-linter';
import type { MacroValues } from '../postbacks/templates/macros';
import type { PostbackPreset } from './preset-views';
import { findPreset, PRESETS } from './preset-catalog';
import { exampleFields, renderPreset, RenderedPresetRule } from './preset-renderer';

// One approved conversion, as the delivery engine snapshots it.
const CLICK = 'kt9f3a2b1c0d';
const CONVERSION = 'c7a1d2e3-4f56-4789-9abc-def012345678';
const SNAPSHOT: MacroValues = {
  transaction_id: '3f2b8c1e-9a4d-4e7b-b6a1-0c5d7e9f2a31',
  external_transaction_id: CLICK,
  offer_id: 12,
  aff_id: 7,
  conversion_id: CONVERSION,
  raw_status: 'approved',
  payout: '12.50',
  currency: 'USD',
  event: null,
};

function preset(id: string): PostbackPreset {
  const found = findPreset(id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
}

function rendered(id: string, fields = exampleFields(preset(id))): RenderedPresetRule {
  const result = renderPreset(preset(id), fields);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.rule;
}

function send(rule: RenderedPresetRule, snapshot: MacroValues = SNAPSHOT) {
  return buildOutboundRequest({ ...rule, timeoutMs: 10_000, signingSecret: null }, snapshot, {
    deliveryId: 'd-1',
    nowMs: 1_718_003_660_000,
    random: '1',
  });
}

// Each expected URL is the receiver's documented example (quoted above it) with our values in
// place of its placeholders: the click id, payout 12.50 USD, the conversion id as transaction id.
const DOCUMENTED: Record<string, { doc: string; url: string }> = {
  keitaro: {
    doc: 'https://example.com/key/postback?status=lead&payout=10&currency=EUR (+ subid, tid)',
    url: `https://trk.example.com/a1b2c3d/postback?subid=${CLICK}&status=sale&payout=12.50&tid=${CONVERSION}&currency=USD`,
  },
  binom: {
    doc: 'https://docs.binom.org/click.php?cnv_id={NETWORK_TOKEN}&payout={PAYOUT_TOKEN}&cnv_status={CONVERSION_STAUS}',
    url: `https://trk.example.com/click.php?cnv_id=${CLICK}&payout=12.50&cnv_status=approved`,
  },
  voluum: {
    doc: 'https://voluum_dedicated_domain.com/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL',
    url: `https://trk.example.com/postback?cid=${CLICK}&payout=12.50&txid=${CONVERSION}`,
  },
  redtrack: {
    doc: 'http://your.dedicated.tracking.domain.com/postback?clickid={affiliate_network_parameter} (+ sum, type)',
    url: `https://trk.example.com/postback?clickid=${CLICK}&sum=12.50&type=Purchase`,
  },
  bemob: {
    doc: 'http://yourdomain.com/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL&status=OPTIONAL',
    url: `https://trk.example.com/postback?cid=${CLICK}&payout=12.50&txid=${CONVERSION}&status=approved`,
  },
  peerclick: {
    doc: 'http(s)://pstb.peerclick.com/postback?cid=…&payout=…&status=…&txid=…&currency=…',
    url: `https://pstb.peerclick.com/postback?cid=${CLICK}&payout=12.50&status=approved&txid=${CONVERSION}&currency=USD`,
  },
  clickflare: {
    doc: 'https://your_clickflare_domain.com/cf/cv?click_id=REPLACE&payout=OPTIONAL&txid=OPTIONAL',
    url: `https://trk.example.com/cf/cv?click_id=${CLICK}&payout=12.50&txid=${CONVERSION}`,
  },
  funnelflux: {
    doc: 'https://DOMAIN/pb/?hit=REPLACE&tx=REPLACE&rev=REPLACE',
    url: `https://trk.example.com/pb/?hit=${CLICK}&tx=${CONVERSION}&rev=12.50`,
  },
  propellerads: {
    doc: 'not reachable: the shape of issue 14 (conversion.php?aid=&tid=&visitor_id=&payout=)',
    url: `https://ad.propellerads.com/conversion.php?aid=12345&tid=67890&visitor_id=${CLICK}&payout=12.50`,
  },
  exoclick: {
    doc: 'http://syndication.example.com/tag.php?goal=1b9b3786eae526755467c2593d194005&tag={conversions_tracking}',
    url: `https://syndication.example.com/tag.php?goal=1b9b3786eae526755467c2593d194005&tag=${CLICK}`,
  },
  trafficstars: {
    doc: 'https://tsyndicate.com/api/v1/cpa/action?clickid={externalid}&value={payout}&allow_duplicates=1&key=h4qbuetYksJUCt2Pi4kZQFMfBi1g5vucqJeJ (lead_code in place of allow_duplicates)',
    url: `https://tsyndicate.com/api/v1/cpa/action?clickid=${CLICK}&value=12.50&lead_code=${CONVERSION}&key=h4qbuetYksJUCt2Pi4kZQFMfBi1g5vucqJeJ`,
  },
  adsterra: {
    doc: 'http://www.pbterra.com/name/NAMEOFADVERTISER/at?subid_short=CLICK_ID&atpay=1.5',
    url: `https://www.pbterra.com/name/myadvertiser/at?subid_short=${CLICK}&atpay=12.50`,
  },
  'generic-get': {
    doc: 'our own generic format',
    url: `https://trk.example.com/postback?clickid=${CLICK}&status=approved&payout=12.50&currency=USD&txid=${CONVERSION}`,
  },
  'json-webhook': {
    doc: 'our own generic format',
    url: 'https://crm.example.com/hooks/conversions',
  },
  'crm-form': { doc: 'our own generic format', url: 'https://crm.example.com/hooks/conversions' },
};

describe('receiver presets', () => {
  it('has a documented example for every preset, and unique ids', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it.each(PRESETS.map((p) => [p.id]))('%s renders as its documentation shows', (id) => {
    const request = send(rendered(id));
    expect(request.url).toBe(DOCUMENTED[id].url);
  });

  it.each(PRESETS.map((p) => [p.id]))('%s passes the rule linter without errors', (id) => {
    const rule = rendered(id);
    const lint = lintPostbackTemplates({ ...rule, publisherOwned: true });
    expect(lint.errors).toEqual([]);
    // Every preset sends the publisher's click id, and a status when it fires on several.
    expect(lint.warnings.map((w) => w.code)).toEqual([]);
  });

  it('uses every declared field in its templates', () => {
    for (const p of PRESETS) {
      const text = [
        p.rule.url,
        p.rule.body ?? '',
        p.rule.signingSecret ?? '',
        ...Object.values(p.rule.headers),
      ].join(' ');
      for (const field of p.fields) expect(`${p.id}:${text}`).toContain(`{{${field.name}}}`);
    }
  });

  it('fires ad networks and status-less trackers on approved only', () => {
    for (const p of PRESETS) {
      const sendsStatus = /\{(status|raw_status)\}/.test(p.rule.url + (p.rule.body ?? ''));
      if (p.kind === 'ad_network' || !sendsStatus)
        expect([p.id, p.rule.statuses]).toEqual([p.id, ['approved']]);
    }
  });

  it('maps Keitaro statuses to its words, so a pending and a rejected conversion read lead and rejected', () => {
    const rule = rendered('keitaro');
    expect(send(rule, { ...SNAPSHOT, raw_status: 'pending' }).url).toContain('&status=lead&');
    expect(send(rule, { ...SNAPSHOT, raw_status: 'rejected' }).url).toContain('&status=rejected&');
  });

  it('sends the JSON webhook body with JSON-escaped values', () => {
    const request = send(rendered('json-webhook'), { ...SNAPSHOT, external_transaction_id: 'a"b' });
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body!)).toEqual({
      conversion_id: CONVERSION,
      click_id: 'a"b',
      offer_id: '12',
      status: 'approved',
      payout: '12.50',
      currency: 'USD',
      event: '',
      delivery_id: 'd-1',
    });
  });

  it('renders the JSON webhook signed: its secret goes into the body, and requests carry Standard Webhooks headers', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const rule = rendered('json-webhook', {
      url: 'https://crm.example.com/hooks/conversions',
      signingSecret: secret,
    });
    expect(rule.signingSecret).toBe(secret);
    const request = buildOutboundRequest(
      { ...rule, timeoutMs: 10_000, signingSecret: rule.signingSecret ?? null },
      SNAPSHOT,
      { deliveryId: 'd-1', nowMs: Date.now(), random: '1' },
    );
    const headers = {
      'webhook-id': request.headers['webhook-id'],
      'webhook-timestamp': request.headers['webhook-timestamp'],
      'webhook-signature': request.headers['webhook-signature'],
    };
    expect(headers['webhook-id']).toBe('d-1');
    expect(new Webhook(secret).verify(request.body!, headers)).toMatchObject({
      conversion_id: CONVERSION,
    });
    // Only the signed preset carries a secret.
    expect(rendered('crm-form')).not.toHaveProperty('signingSecret');
  });

  it('refuses a JSON webhook secret that is not a Standard Webhooks secret', () => {
    const url = 'https://crm.example.com/hooks';
    const codes = (signingSecret: unknown) => {
      const result = renderPreset(preset('json-webhook'), { url, signingSecret });
      return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
    };
    expect(codes(undefined)).toEqual(['fields.signingSecret:required']);
    expect(codes('s3cret')).toEqual(['fields.signingSecret:invalid_value']);
    // The right shape but 3 bytes: too short to sign with.
    expect(codes('whsec_YWJj')).toEqual(['fields.signingSecret:invalid_value']);
  });

  it('sends the CRM form body percent-encoded', () => {
    const request = send(rendered('crm-form'), { ...SNAPSHOT, external_transaction_id: 'a b&c' });
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe(
      `click_id=a%20b%26c&conversion_id=${CONVERSION}&offer_id=12&aff_id=7&status=approved&payout=12.50&currency=USD`,
    );
  });

  it("gives BeMob's documented click-id token", () => {
    // https://docs.bemob.com/en/append-bemob-click-id: "BeMob click ID token {clickId}".
    expect(preset('bemob').clickIdMacro).toBe('{clickId}');
  });

  it('expects "OK" from ExoClick, which answers 200 "ERROR: …" on failure', () => {
    expect(rendered('exoclick').expectBody).toBe('OK');
  });

  it('returns a rule body ready for POST /api/postbacks, without scope', () => {
    expect(rendered('keitaro', { domain: 'http://127.0.0.1:8080', postbackKey: 'k3y' })).toEqual({
      name: 'Keitaro',
      type: 'conversion',
      method: 'GET',
      url: 'http://127.0.0.1:8080/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}&currency={currency}',
      headers: {},
      body: null,
      contentType: null,
      statuses: ['approved', 'pending', 'rejected'],
      statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' },
      expectBody: null,
      presetId: 'keitaro',
    });
  });
});

describe('renderPreset field errors', () => {
  const keitaro = () => preset('keitaro');
  const errors = (fields: unknown) => {
    const result = renderPreset(keitaro(), fields);
    return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
  };

  it('names a missing required field', () => {
    expect(errors({ domain: 'https://trk.example.com' })).toEqual(['fields.postbackKey:required']);
    expect(errors(undefined)).toEqual(['fields.domain:required', 'fields.postbackKey:required']);
  });

  it('names an unknown field', () => {
    expect(errors({ domain: 'https://a.example', postbackKey: 'k', token: 'x' })).toEqual([
      'fields.token:unknown_field',
    ]);
  });

  it('refuses a value not matching the whole pattern', () => {
    expect(errors({ domain: 'https://a.example/evil?x=', postbackKey: 'k' })).toEqual([
      'fields.domain:invalid_value',
    ]);
    expect(errors({ domain: 'trk.example.com', postbackKey: 'k' })).toEqual([
      'fields.domain:invalid_value',
    ]);
    expect(errors({ domain: 'https://a.example', postbackKey: 'k/../x' })).toEqual([
      'fields.postbackKey:invalid_value',
    ]);
    expect(errors({ domain: 'https://a.example', postbackKey: 42 })).toEqual([
      'fields.postbackKey:invalid_value',
    ]);
  });

  it('refuses a brace, which would become a macro, even where a pattern would allow it', () => {
    const loose: PostbackPreset = {
      ...keitaro(),
      fields: [{ name: 'domain', label: 'd', example: 'x', required: true, pattern: '.+' }],
      rule: { ...keitaro().rule, url: '{{domain}}/p?subid={external_transaction_id}' },
    };
    const result = renderPreset(loose, { domain: 'https://a.example/{payout}' });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['fields.domain']);
  });

  it('fills a placeholder used twice with the same value', () => {
    const twice: PostbackPreset = {
      ...keitaro(),
      rule: { ...keitaro().rule, url: '{{domain}}/{{postbackKey}}/{{postbackKey}}?subid={sub1}' },
    };
    const result = renderPreset(twice, { domain: 'https://a.example', postbackKey: 'k' });
    expect(result.ok && result.rule.url).toBe('https://a.example/k/k?subid={sub1}');
  });
});
