import { isSigningSecret } from '../postbacks/rules/postback-validators';
import type { PostbackPreset } from './preset-views';

// A rule body ready for POST /api/postbacks: the preset's rule with its placeholders filled.
// Scope (publisherId, offerIds) is left to the caller: the same preset serves a publisher's own
// rule and an admin's network-level feed. signingSecret only for a preset that signs.
export type RenderedPresetRule = PostbackPreset['rule'] & {
  name: string;
  type: 'conversion';
  presetId: string;
};

export type PresetFieldIssue = { field: string; code: string; message: string };

export type PresetRenderResult =
  { ok: true; rule: RenderedPresetRule } | { ok: false; errors: PresetFieldIssue[] };

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;
const MAX_VALUE_LENGTH = 200;

// Fills each `{{field}}` once. Values are checked against the field's pattern (anchored), so
// they hold only characters that need no encoding where they stand; a brace could never pass,
// but is refused on its own too, since it would turn into a macro.
export function renderPreset(preset: PostbackPreset, fields: unknown): PresetRenderResult {
  const given: Record<string, unknown> =
    fields !== null && typeof fields === 'object' && !Array.isArray(fields)
      ? (fields as Record<string, unknown>)
      : {};
  const errors: PresetFieldIssue[] = [];
  const known = new Set(preset.fields.map((f) => f.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      errors.push({
        field: `fields.${name}`,
        code: 'unknown_field',
        message: `${preset.name} has no field "${name}"; its fields are ${[...known].join(', ') || 'none'}`,
      });
    }
  }
  const values = new Map<string, string>();
  for (const field of preset.fields) {
    const key = `fields.${field.name}`;
    const value = Object.hasOwn(given, field.name) ? given[field.name] : undefined;
    if (value === undefined || value === null || value === '') {
      if (field.required) {
        errors.push({ field: key, code: 'required', message: `${field.label} is required` });
      } else values.set(field.name, '');
      continue;
    }
    if (typeof value !== 'string') {
      errors.push({ field: key, code: 'invalid_value', message: `${field.name} must be a string` });
    } else if (value.length > MAX_VALUE_LENGTH || /[{}]/.test(value)) {
      errors.push({
        field: key,
        code: 'invalid_value',
        message: `${field.name} must be at most ${MAX_VALUE_LENGTH} characters without { or }`,
      });
    } else if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`).test(value)) {
      errors.push({
        field: key,
        code: 'invalid_value',
        // Shown under the field in the console: its label, the example once (most labels hold it).
        message: `"${value}" is not valid: ${field.label}${field.label.includes(field.example) ? '' : `, e.g. ${field.example}`}`,
      });
    } else values.set(field.name, value);
  }
  if (errors.length > 0) return { ok: false, errors };

  const fill = (template: string) =>
    template.replace(PLACEHOLDER, (_match, name: string) => {
      const value = values.get(name);
      // A catalogue mistake, not the caller's: the unit spec renders every preset.
      if (value === undefined)
        throw new Error(`Preset ${preset.id} uses unknown field {{${name}}}`);
      return value;
    });
  const { rule } = preset;
  const signingSecret = rule.signingSecret === undefined ? undefined : fill(rule.signingSecret);
  if (signingSecret !== undefined && !isSigningSecret(signingSecret)) {
    // The pattern sees the shape; the byte count and canonical base64 are POST /api/postbacks's.
    const name = /\{\{([A-Za-z0-9]+)\}\}/.exec(rule.signingSecret ?? '')?.[1] ?? 'signingSecret';
    const message = `${name} must be "whsec_" followed by the base64 of 24 to 64 random bytes`;
    return { ok: false, errors: [{ field: `fields.${name}`, code: 'invalid_value', message }] };
  }
  return {
    ok: true,
    rule: {
      name: preset.name,
      type: 'conversion',
      method: rule.method,
      url: fill(rule.url),
      headers: Object.fromEntries(Object.entries(rule.headers).map(([k, v]) => [k, fill(v)])),
      body: rule.body === null ? null : fill(rule.body),
      contentType: rule.contentType,
      statuses: [...rule.statuses],
      statusMap: { ...rule.statusMap },
      expectBody: rule.expectBody,
      presetId: preset.id,
      ...(signingSecret === undefined ? {} : { signingSecret }),
    },
  };
}

// The preset's fields filled with their examples: what the list shows and the specs render.
export function exampleFields(preset: PostbackPreset): Record<string, string> {
  return Object.fromEntries(preset.fields.map((field) => [field.name, field.example]));
}
