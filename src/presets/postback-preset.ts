import type { BodyContentType, HttpMethod } from '../postbacks/rules/postback-rule.entity';
import type { ConversionStatus } from '../conversions/conversion.entity';

export type PresetKind = 'tracker' | 'ad_network' | 'crm';

// One value the user types once (a tracker domain, a postback key), filled into the
// rule's `{{name}}` placeholders when the preset is rendered (SPEC §12).
export interface PresetField {
  name: string;
  label: string;
  example: string;
  required: boolean;
  // Source of a RegExp the value must match in full.
  pattern?: string;
}

// A receiver's postback format, from its public documentation (docsUrl). Templates hold
// `{{field}}` placeholders (filled once, at render) beside macros (`{name}`, per delivery).
export interface PostbackPreset {
  id: string;
  name: string;
  kind: PresetKind;
  docsUrl: string;
  fields: PresetField[];
  rule: {
    method: HttpMethod;
    url: string;
    headers: Record<string, string>;
    body: string | null;
    contentType: BodyContentType | null;
    statuses: ConversionStatus[];
    statusMap: Partial<Record<ConversionStatus, string>>;
    expectBody: string | null;
    // A template for the rule's signingSecret (a signed receiver): '{{signingSecret}}'.
    signingSecret?: string;
  };
  // The receiver's own click-id macro, put into the network's tracking link as
  // external_transaction_id (Keitaro `{subid}`, PropellerAds `${SUBID}`).
  clickIdMacro: string | null;
  notes: string;
}
