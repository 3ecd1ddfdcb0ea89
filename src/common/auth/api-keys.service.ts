import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { diffFields } from '../../audit/field-changes';
import { AppConfig } from '../../config/app-config';
import { notFound } from '../errors/domain-error';
import { randomToken } from '../ids';
import { LookupCache } from '../lookup-cache';
import { ApiKey } from './api-key.entity';
import { ApiKeyView, CreatedApiKey } from './api-key-view';
import { CreateApiKeyDto } from './create-api-key.dto';
import { Principal } from './principal';
import { checkRoleBinding } from './role-binding';

export const KEY_CACHE_TTL_MS = 30_000;
export const KEY_CACHE_MAX_KNOWN = 10_000;
// Unknown keys are remembered too (a client retrying a wrong key costs no query), apart from the
// known ones. A key is random and shown only once it exists, so none is remembered as unknown
// before its creation.
export const KEY_CACHE_MAX_MISSING = 1_000;

// The bootstrap key's name: the variable it comes from.
export const BOOTSTRAP_KEY_NAME = 'ADMIN_API_KEY';

const KEY_PRINCIPAL = { via: 'api_key', keyId: null, userId: null, sessionId: null } as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest();

@Injectable()
export class ApiKeysService {
  private readonly adminKeyHash: Buffer | null;
  // Revocation reaches other processes within the TTL; this one at once.
  private readonly cache: LookupCache<string, Principal>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    config: AppConfig,
  ) {
    this.adminKeyHash = config.ADMIN_API_KEY ? sha256(config.ADMIN_API_KEY) : null;
    this.cache = new LookupCache((hex) => this.load(hex), {
      ttlMs: KEY_CACHE_TTL_MS,
      maxKnown: KEY_CACHE_MAX_KNOWN,
      maxMissing: KEY_CACHE_MAX_MISSING,
    });
  }

  async authenticate(key: string): Promise<Principal | null> {
    const hash = sha256(key);
    if (this.adminKeyHash && timingSafeEqual(hash, this.adminKeyHash)) {
      return {
        ...KEY_PRINCIPAL,
        role: 'admin',
        publisherId: null,
        advertiserId: null,
        label: BOOTSTRAP_KEY_NAME,
      };
    }
    return this.cache.get(hash.toString('hex'));
  }

  private async load(keyHash: string): Promise<Principal | null> {
    const row = await this.dataSource
      .getRepository(ApiKey)
      .findOne({ where: { keyHash, revokedAt: IsNull() } });
    if (!row) return null;
    return {
      ...KEY_PRINCIPAL,
      role: row.role,
      keyId: row.id,
      publisherId: row.publisherId,
      advertiserId: row.advertiserId,
      label: row.name,
    };
  }

  // What /api/me calls the caller: the key's name, or the variable the bootstrap key comes from.
  async nameOf(keyId: number | null): Promise<string> {
    if (keyId === null) return BOOTSTRAP_KEY_NAME;
    const row = await this.dataSource.getRepository(ApiKey).findOneBy({ id: keyId });
    return row?.name ?? '';
  }

  async create(dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    await checkRoleBinding(this.dataSource, dto, 'keys');
    const key = `pm_${randomToken(24)}`;
    const fields = {
      name: dto.name,
      role: dto.role,
      publisherId: dto.role === 'publisher' ? dto.publisherId! : null,
      advertiserId: dto.role === 'advertiser' ? dto.advertiserId! : null,
      keyPrefix: key.slice(0, 7),
    };
    const saved = await this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(ApiKey)
        .save({ ...fields, keyHash: sha256(key).toString('hex') });
      // The key and its hash stay out of the entry; the prefix tells keys apart.
      await this.audit.append(manager, {
        entityType: 'api_key',
        entityId: row.id,
        action: 'created',
        changes: diffFields(null, fields),
        publisherId: fields.publisherId,
      });
      return row;
    });
    return { id: saved.id, key, name: saved.name, role: saved.role };
  }

  // keyHash is not selected (select: false), so the rows are their view.
  list(): Promise<ApiKeyView[]> {
    return this.dataSource
      .getRepository(ApiKey)
      .find({ where: { revokedAt: IsNull() }, order: { id: 'DESC' } });
  }

  async revoke(id: number): Promise<void> {
    const keyHash = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ApiKey);
      const row = await repo.findOne({
        where: { id, revokedAt: IsNull() },
        select: { id: true, keyHash: true, publisherId: true },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound('API key', id);
      const revokedAt = new Date();
      await repo.update(id, { revokedAt });
      await this.audit.append(manager, {
        entityType: 'api_key',
        entityId: id,
        action: 'revoked',
        changes: diffFields({ revokedAt: null }, { revokedAt }),
        publisherId: row.publisherId,
      });
      return row.keyHash;
    });
    this.cache.delete(keyHash);
  }
}
