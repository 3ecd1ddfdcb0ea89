import type { PostbackPreset, PresetField } from './preset-views';

// Scheme and host (and port) of a self-hosted tracker: https by default in the examples; an
// explicit http:// is accepted (and warned about by the linter), e.g. for a tracker on loopback.
const TRACKER_ADDRESS: PresetField = {
  name: 'domain',
  label: 'Tracker address: scheme and domain, e.g. https://trk.example.com',
  example: 'https://trk.example.com',
  required: true,
  pattern: 'https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?',
};

// A full endpoint of a generic receiver: scheme, host, optional port and path, no query.
const ENDPOINT: PresetField = {
  name: 'url',
  label: 'Endpoint URL without query string, e.g. https://crm.example.com/hooks/conversions',
  example: 'https://crm.example.com/hooks/conversions',
  required: true,
  pattern: 'https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?',
};

const ALL_STATUSES = ['approved', 'pending', 'rejected'] as const;

function token(name: string, label: string, example: string, pattern = '[A-Za-z0-9]+') {
  return { name, label, example, required: true, pattern };
}

// A receiver without a status parameter counts every request as a conversion: approved only.
function approvedOnly(url: string) {
  return {
    method: 'GET' as const,
    url,
    headers: {},
    body: null,
    contentType: null,
    statuses: ['approved' as const],
    statusMap: {},
    expectBody: null,
  };
}

// Every receiver preset (SPEC §12), each checked against the documentation at docsUrl.
export const PRESETS: readonly PostbackPreset[] = [
  {
    id: 'keitaro',
    name: 'Keitaro',
    kind: 'tracker',
    docsUrl: 'https://docs.keitaro.io/en/conversions/postback.html',
    fields: [
      TRACKER_ADDRESS,
      token('postbackKey', 'Postback key (Maintenance → Postback URL)', 'a1b2c3d'),
    ],
    rule: {
      method: 'GET',
      url: '{{domain}}/{{postbackKey}}/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}&currency={currency}',
      headers: {},
      body: null,
      contentType: null,
      statuses: [...ALL_STATUSES],
      statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' },
      expectBody: null,
    },
    clickIdMacro: '{subid}',
    notes:
      'Keitaro knows the statuses lead, sale and rejected; tid keeps repeated conversions of one click apart.',
  },
  {
    id: 'binom',
    name: 'Binom',
    kind: 'tracker',
    docsUrl: 'https://docs.binom.org/postback-url.php',
    fields: [TRACKER_ADDRESS],
    rule: {
      method: 'GET',
      url: '{{domain}}/click.php?cnv_id={external_transaction_id}&payout={payout}&cnv_status={status}',
      headers: {},
      body: null,
      contentType: null,
      statuses: [...ALL_STATUSES],
      statusMap: {},
      expectBody: null,
    },
    clickIdMacro: '{clickid}',
    notes:
      'cnv_status is free text in Binom: it receives approved, pending or rejected as recorded here. Binom assumes its own currency for payout (cnv_currency is not sent).',
  },
  {
    id: 'voluum',
    name: 'Voluum',
    kind: 'tracker',
    docsUrl: 'https://doc.voluum.com/article/parameters-in-postback-urls',
    fields: [TRACKER_ADDRESS],
    rule: approvedOnly(
      '{{domain}}/postback?cid={external_transaction_id}&payout={payout}&txid={conversion_id}',
    ),
    clickIdMacro: '{clickid}',
    notes: 'Voluum has no status parameter, so the rule fires on approved conversions only.',
  },
  {
    id: 'redtrack',
    name: 'RedTrack',
    kind: 'tracker',
    docsUrl:
      'https://help.redtrack.io/knowledgebase/kb/basic-setup-9785/supported-dynamic-parameters/%d1%81lick-id-parameter/',
    fields: [
      TRACKER_ADDRESS,
      token(
        'conversionType',
        'Conversion type exactly as named in RedTrack (Tools → Conversion tracking → Conversion type)',
        'Purchase',
        '[A-Za-z0-9_-]{1,64}',
      ),
    ],
    rule: approvedOnly(
      '{{domain}}/postback?clickid={external_transaction_id}&sum={payout}&type={{conversionType}}',
    ),
    clickIdMacro: '{clickid}',
    notes:
      "RedTrack matches conversion types case-sensitively, so type is the name you configured; fires on approved only. The clickid parameter is from RedTrack's docs; the sum (payout) parameter could not be checked against a reachable RedTrack page.",
  },
  {
    id: 'bemob',
    name: 'BeMob',
    kind: 'tracker',
    docsUrl: 'https://docs.bemob.com/en/append-bemob-click-id',
    fields: [TRACKER_ADDRESS],
    rule: {
      method: 'GET',
      url: '{{domain}}/postback?cid={external_transaction_id}&payout={payout}&txid={conversion_id}&status={status}',
      headers: {},
      body: null,
      contentType: null,
      statuses: [...ALL_STATUSES],
      statusMap: {},
      expectBody: null,
    },
    clickIdMacro: '{clickId}',
    notes:
      'BeMob passes its click id to the offer URL as {clickId} (docsUrl). Turn on "Use Postback Statuses" in BeMob and enter approved, pending and rejected as the values this network sends (https://help.bemob.com/docs/using-postback-statuses).',
  },
  {
    id: 'peerclick',
    name: 'PeerClick',
    kind: 'tracker',
    docsUrl: 'https://help-center.peerclick.com/en/articles/10512589',
    fields: [],
    rule: {
      method: 'GET',
      url: 'https://pstb.peerclick.com/postback?cid={external_transaction_id}&payout={payout}&status={status}&txid={conversion_id}&currency={currency}',
      headers: {},
      body: null,
      contentType: null,
      statuses: [...ALL_STATUSES],
      statusMap: {},
      expectBody: null,
    },
    clickIdMacro: '{clickid}',
    notes: 'PeerClick receives postbacks on pstb.peerclick.com for every account.',
  },
  {
    id: 'clickflare',
    name: 'ClickFlare',
    kind: 'tracker',
    docsUrl:
      'https://help.clickflare.io/en/tracking/how-to-submit-an-s2s-postback-url-to-an-affiliate-network-in-clickflare',
    fields: [TRACKER_ADDRESS],
    rule: approvedOnly(
      '{{domain}}/cf/cv?click_id={external_transaction_id}&payout={payout}&txid={conversion_id}',
    ),
    clickIdMacro: '{cf_click_id}',
    notes: 'No status parameter is sent, so the rule fires on approved conversions only.',
  },
  {
    id: 'funnelflux',
    name: 'FunnelFlux Pro',
    kind: 'tracker',
    docsUrl: 'https://help.funnelflux.pro/en/article/tracking-conversions-1vtfnp5/',
    fields: [TRACKER_ADDRESS],
    rule: approvedOnly(
      '{{domain}}/pb/?hit={external_transaction_id}&tx={conversion_id}&rev={payout}',
    ),
    clickIdMacro: '{hit}',
    notes: 'The hit id of the offer page is the click id; fires on approved conversions only.',
  },
  {
    id: 'propellerads',
    name: 'PropellerAds',
    kind: 'ad_network',
    docsUrl: 'https://help.bemob.com/docs/postback-settings-of-a-traffic-source',
    fields: [
      token('aid', 'aid from your PropellerAds postback URL (Tracking → S2S)', '12345'),
      token('tid', 'tid from your PropellerAds postback URL (Tracking → S2S)', '67890'),
    ],
    rule: approvedOnly(
      'https://ad.propellerads.com/conversion.php?aid={{aid}}&tid={{tid}}&visitor_id={external_transaction_id}&payout={payout}',
    ),
    clickIdMacro: '${SUBID}',
    notes:
      "PropellerAds passes its click id as ${SUBID} and takes it back in visitor_id (documented in the BeMob guide at docsUrl); PropellerAds' own postback page could not be reached, so copy aid and tid from the URL in your PropellerAds account. Ad networks count every postback as a conversion: approved only.",
  },
  {
    id: 'exoclick',
    name: 'ExoClick',
    kind: 'ad_network',
    docsUrl: 'https://docs.exoclick.com/docs/conversion-tracking-api/',
    fields: [
      {
        ...TRACKER_ADDRESS,
        label: 'Postback host from Campaigns → Conversion Tracking, with its scheme',
        example: 'https://syndication.example.com',
      },
      token(
        'goal',
        'Goal ID (32 hexadecimal characters)',
        '1b9b3786eae526755467c2593d194005',
        '[0-9a-f]{32}',
      ),
    ],
    rule: {
      ...approvedOnly('{{domain}}/tag.php?goal={{goal}}&tag={external_transaction_id}'),
      // ExoClick answers 200 with "ERROR: …" when it refuses a conversion, "OK" when it takes it.
      expectBody: 'OK',
    },
    clickIdMacro: '{conversions_tracking}',
    notes:
      'ExoClick answers HTTP 200 with "ERROR: …" for a refused conversion, so the rule expects "OK" in the body. A dynamic conversion value is not sent (its parameter is not in the reachable docs); a goal with a fixed value works as is.',
  },
  {
    id: 'trafficstars',
    name: 'TrafficStars',
    kind: 'ad_network',
    docsUrl: 'https://trafficstars.com/faq/articles/how-to-set-up-tracking-conversions',
    fields: [
      token(
        'key',
        'key from your TrafficStars S2S postback URL (Tracking Tools)',
        'h4qbuetYksJUCt2Pi4kZQFMfBi1g5vucqJeJ',
      ),
    ],
    rule: approvedOnly(
      'https://tsyndicate.com/api/v1/cpa/action?clickid={external_transaction_id}&value={payout}&lead_code={conversion_id}&key={{key}}',
    ),
    clickIdMacro: '{click_id}',
    notes:
      'value reports your earnings, lead_code keeps several conversions of one click apart. price (your cost per conversion in a CPA campaign) is not known to this network and is not sent. Approved only.',
  },
  {
    id: 'adsterra',
    name: 'Adsterra',
    kind: 'ad_network',
    docsUrl: 'https://help-advertisers.adsterra.com/en/articles/4575914-how-do-i-setup-postback',
    fields: [token('user', 'Your Adsterra advertiser username', 'myadvertiser', '[A-Za-z0-9_.-]+')],
    rule: approvedOnly(
      'https://www.pbterra.com/name/{{user}}/at?subid_short={external_transaction_id}&atpay={payout}',
    ),
    clickIdMacro: null,
    notes:
      "atpay is taken as US dollars: use this preset for USD payouts only. Adsterra's docs name the click id CLICK_ID without showing the exact macro: copy it from Adsterra's Conversion tracking page. Approved only.",
  },
  {
    id: 'generic-get',
    name: 'Generic tracker (GET)',
    kind: 'tracker',
    docsUrl: 'https://www.rfc-editor.org/rfc/rfc3986#section-3.4',
    fields: [{ ...ENDPOINT, example: 'https://trk.example.com/postback' }],
    rule: {
      method: 'GET',
      url: '{{url}}?clickid={external_transaction_id}&status={status}&payout={payout}&currency={currency}&txid={conversion_id}',
      headers: {},
      body: null,
      contentType: null,
      statuses: [...ALL_STATUSES],
      statusMap: {},
      expectBody: null,
    },
    clickIdMacro: null,
    notes:
      'Rename the parameters to what your tracker expects; put its click-id macro into the tracking link.',
  },
  {
    id: 'json-webhook',
    name: 'Signed JSON webhook',
    kind: 'crm',
    docsUrl: 'https://www.standardwebhooks.com/',
    fields: [
      ENDPOINT,
      {
        name: 'signingSecret',
        label:
          'Signing secret shared with the receiver: whsec_ + base64 of 24 to 64 random bytes (Standard Webhooks)',
        example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        required: true,
        pattern: 'whsec_[A-Za-z0-9+/]+={0,2}',
      },
    ],
    rule: {
      method: 'POST',
      url: '{{url}}',
      headers: {},
      body: '{"conversion_id":"{conversion_id}","click_id":"{external_transaction_id}","offer_id":"{offer_id}","status":"{status}","payout":"{payout}","currency":"{currency}","event":"{event}","delivery_id":"{delivery_id}"}',
      contentType: 'application/json',
      statuses: [...ALL_STATUSES],
      statusMap: {},
      expectBody: null,
      signingSecret: '{{signingSecret}}',
    },
    clickIdMacro: null,
    notes:
      'Requests carry the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature, signed with signingSecret, which the receiver verifies.',
  },
  {
    id: 'crm-form',
    name: 'CRM form POST',
    kind: 'crm',
    docsUrl: 'https://url.spec.whatwg.org/#application/x-www-form-urlencoded',
    fields: [ENDPOINT],
    rule: {
      method: 'POST',
      url: '{{url}}',
      headers: {},
      body: 'click_id={external_transaction_id}&conversion_id={conversion_id}&offer_id={offer_id}&aff_id={aff_id}&status={status}&payout={payout}&currency={currency}',
      contentType: 'application/x-www-form-urlencoded',
      statuses: [...ALL_STATUSES],
      statusMap: {},
      expectBody: null,
    },
    clickIdMacro: null,
    notes:
      'For CRMs that take HTML-form posts. Add an authentication header (e.g. X-Api-Token) to the rule if the CRM needs one; a network-level rule may also send {revenue}.',
  },
];

export function findPreset(id: string): PostbackPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
