import type { PostbackPreset } from './postback-preset';

const DOMAIN = {
  name: 'domain',
  label: 'Tracker domain',
  example: 'trk.example.com',
  required: true,
  pattern: '[A-Za-z0-9.-]+(:[0-9]{1,5})?',
};

// Every receiver preset (SPEC §12), each checked against the receiver's documentation.
export const PRESETS: readonly PostbackPreset[] = [
  {
    id: 'keitaro',
    name: 'Keitaro',
    kind: 'tracker',
    docsUrl: 'https://docs.keitaro.io/en/conversions/s2s-postback.html',
    fields: [
      DOMAIN,
      {
        name: 'postbackKey',
        label: 'Postback key (Maintenance → Settings → Postback key)',
        example: 'a1b2c3d',
        required: true,
        pattern: '[A-Za-z0-9]+',
      },
    ],
    rule: {
      method: 'GET',
      url: 'https://{{domain}}/{{postbackKey}}/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}&currency={currency}',
      headers: {},
      body: null,
      contentType: null,
      statuses: ['approved', 'pending', 'rejected'],
      statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' },
      expectBody: null,
    },
    clickIdMacro: '{subid}',
    notes: 'Keitaro knows the statuses lead, sale and rejected.',
  },
];

export function findPreset(id: string): PostbackPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
