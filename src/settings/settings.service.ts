import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { diffFields } from '../audit/field-changes';
import { Setting } from './setting.entity';
import { SETTING_KEYS, SettingsView, settingsFrom } from './settings-view';
import { UpdateSettingsDto } from './update-settings.dto';

// The one writer of `settings`. Read on every rule save (one small query; settings change rarely
// and must take effect at once on every replica, so there is no cache to go stale).
@Injectable()
export class SettingsService {
  constructor(
    @InjectRepository(Setting) private readonly settings: Repository<Setting>,
    private readonly audit: AuditLog,
  ) {}

  async get(manager: EntityManager = this.settings.manager): Promise<SettingsView> {
    return settingsFrom(await manager.getRepository(Setting).find());
  }

  // Each changed setting is its own audit entry (entity `setting`, id = its name).
  async update(dto: UpdateSettingsDto): Promise<SettingsView> {
    return this.settings.manager.transaction(async (manager) => {
      // Serializes concurrent updates, so each entry's "before" is what it replaced.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('settings'))`);
      const before = await this.get(manager);
      for (const key of SETTING_KEYS) {
        const value = dto[key];
        if (value === undefined || value === before[key]) continue;
        await manager.query(
          `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [key, JSON.stringify(value)],
        );
        await this.audit.append(manager, {
          entityType: 'setting',
          entityId: key,
          action: 'updated',
          changes: diffFields({ [key]: before[key] }, { [key]: value }),
        });
      }
      return this.get(manager);
    });
  }
}
