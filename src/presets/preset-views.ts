import { PickType } from '@nestjs/swagger';
import { RuleFields } from '../postbacks/rules/rule-fields-view';

export type PresetKind = 'tracker' | 'ad_network' | 'crm';

// One value the user types once (a tracker domain, a postback key), filled into the
// rule's `{{name}}` placeholders when the preset is rendered (SPEC §12).
export class PresetField {
  name: string;
  label: string;
  example: string;
  required: boolean;
  // Source of a RegExp the value must match in full.
  pattern?: string;
}

// The rule a preset fills in: templates with `{{field}}` placeholders beside macros.
export class PresetRule extends PickType(RuleFields, [
  'method',
  'url',
  'headers',
  'body',
  'contentType',
  'statuses',
  'statusMap',
  'expectBody',
] as const) {
  // A template for the rule's signingSecret (a signed receiver): '{{signingSecret}}'.
  signingSecret?: string;
}

// A receiver's postback format, from its public documentation (docsUrl). Templates hold
// `{{field}}` placeholders (filled once, at render) beside macros (`{name}`, per delivery).
export class PostbackPreset {
  id: string;
  name: string;
  kind: PresetKind;
  docsUrl: string;
  fields: PresetField[];
  rule: PresetRule;
  // The receiver's own click-id macro, put into the network's tracking link as
  // external_transaction_id (Keitaro `{subid}`, PropellerAds `${SUBID}`).
  clickIdMacro: string | null;
  notes: string;
}

// POST /api/postback-presets/:id/render: a body ready for POST /api/postbacks, with its scope.
export class RenderedRuleBody extends PresetRule {
  name: string;
  type: 'conversion';
  presetId: string;
  publisherId: number | null;
  offerIds: number[];
}
