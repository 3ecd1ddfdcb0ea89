import { Injectable } from '@nestjs/common';
import { Principal } from '../common/auth/principal';
import { parseCidrList } from '../common/cidr';
import { badRequest, DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { AddressPolicy } from '../postbacks/delivery/address-policy';
import { checkRule } from '../postbacks/rules/postback-rule-checks';
import { warningView, RuleWarning } from '../postbacks/rules/postback-view';
import { defaultRuleFields } from '../postbacks/rules/rule-fields';
import type { PostbackPreset } from './postback-preset';
import { findPreset, PRESETS } from './preset-catalog';
import { renderPreset, RenderedPresetRule } from './preset-renderer';

export interface RenderedPreset {
  rule: RenderedPresetRule;
  warnings: RuleWarning[];
}

@Injectable()
export class PresetsService {
  private readonly policy: AddressPolicy;

  constructor(config: AppConfig) {
    this.policy = new AddressPolicy(parseCidrList(config.POSTBACK_ALLOWED_CIDRS));
  }

  list(): readonly PostbackPreset[] {
    return PRESETS;
  }

  // The rule is checked as POST /api/postbacks/preview checks one: template lint, field
  // combinations, destination address; as the caller's own rule (publishers can't send
  // network-only macros). Scope is the caller's to add when saving.
  render(principal: Principal, id: string, fields: unknown): RenderedPreset {
    const preset = findPreset(id);
    if (!preset) {
      throw new DomainError(404, 'preset_not_found', `Receiver preset "${id}" not found`);
    }
    const result = renderPreset(preset, fields);
    if (!result.ok) {
      const shown = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw badRequest('validation_failed', `Invalid preset fields: ${shown}`, result.errors);
    }
    const { rule } = result;
    const check = checkRule(
      { ...defaultRuleFields(), ...rule, publisherId: principal.publisherId ?? null },
      { publisherOwned: principal.role !== 'admin', policy: this.policy },
    );
    if (check.errors.length > 0) {
      const shown = check.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw badRequest('validation_failed', `The rendered rule is invalid: ${shown}`, check.errors);
    }
    return { rule, warnings: check.warnings.map(warningView) };
  }
}
