import { Injectable } from '@nestjs/common';
import { Principal } from '../common/auth/principal';
import { badRequest, DomainError } from '../common/errors/domain-error';
import { ownerForNewRule, PostbackRulesService } from '../postbacks/rules/postback-rules.service';
import type { PostbackPreset, RenderedRuleBody } from './preset-views';
import { findPreset, PRESETS } from './preset-catalog';
import { renderPreset } from './preset-renderer';
import type { RenderPresetDto } from './render-preset.dto';

@Injectable()
export class PresetsService {
  constructor(private readonly rules: PostbackRulesService) {}

  list(): readonly PostbackPreset[] {
    return PRESETS;
  }

  // The body is checked as POST /api/postbacks checks a new rule (owner, template lint, field
  // combinations, destination, offers), so what this answers can be posted unchanged. Warnings
  // are left to POST /api/postbacks and /preview, which return them.
  async render(principal: Principal, id: string, dto: RenderPresetDto): Promise<RenderedRuleBody> {
    const preset = findPreset(id);
    if (!preset) {
      throw new DomainError(404, 'preset_not_found', `Receiver preset "${id}" not found`);
    }
    const result = renderPreset(preset, dto.fields ?? {});
    if (!result.ok) {
      const shown = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw badRequest('validation_failed', `Invalid preset fields: ${shown}`, result.errors);
    }
    const body: RenderedRuleBody = {
      ...result.rule,
      publisherId: ownerForNewRule(principal, dto.publisherId),
      offerIds: dto.offerIds ?? [],
    };
    await this.rules.checkNew(principal, body);
    return body;
  }
}
