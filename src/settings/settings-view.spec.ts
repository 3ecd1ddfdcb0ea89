import { SETTING_DEFAULTS, settingsFrom } from './settings-view';

describe('settingsFrom', () => {
  it('answers the defaults when nothing is stored', () => {
    expect(settingsFrom([])).toEqual(SETTING_DEFAULTS);
    expect(SETTING_DEFAULTS.publisherRulesRequireApproval).toBe(false);
  });

  it('lays stored values over the defaults, ignoring unknown keys and wrongly typed values', () => {
    expect(settingsFrom([{ key: 'publisherRulesRequireApproval', value: true }])).toEqual({
      publisherRulesRequireApproval: true,
    });
    expect(
      settingsFrom([
        { key: 'retired', value: 1 },
        { key: 'publisherRulesRequireApproval', value: 'yes' },
      ]),
    ).toEqual(SETTING_DEFAULTS);
  });
});
