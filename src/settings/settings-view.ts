// The network's settings with their defaults filled in. A new setting is a field here, in
// SETTING_DEFAULTS and in UpdateSettingsDto.
export class SettingsView {
  // A publisher's new rule, or its change to where or what a rule sends, waits for an admin.
  publisherRulesRequireApproval: boolean;
}

export const SETTING_DEFAULTS: SettingsView = {
  publisherRulesRequireApproval: false,
};

export type SettingKey = keyof SettingsView;

export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[];

// Stored rows over the defaults; a key no longer known is ignored, a value of the wrong type too.
export function settingsFrom(rows: { key: string; value: unknown }[]): SettingsView {
  const settings = { ...SETTING_DEFAULTS };
  for (const { key, value } of rows) {
    if (!(SETTING_KEYS as string[]).includes(key)) continue;
    const name = key as SettingKey;
    if (typeof value === typeof SETTING_DEFAULTS[name]) Object.assign(settings, { [name]: value });
  }
  return settings;
}
