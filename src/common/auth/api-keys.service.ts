import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { notFound } from '../errors/domain-error';
import { randomToken } from '../ids';
import { LookupCache } from '../lookup-cache';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyDto } from './create-api-key.dto';
import { Principal } from './principal';
import { checkRoleBinding } from './role-binding';

export const KEY_CACHE_TTL_MS = 30_000;
export const KEY_CACHE_MAX_KNOWN = 10_000;
// Unknown keys are remembered too (a client retrying a wrong key costs no query), apart from the
// known ones. A key is random and shown only once it exists, so none is remembered as unknown
// before its creation.
export const KEY_CACHE_MAX_MISSING = 1_000;

const KEY_PRINCIPAL = { via: 'api_key', keyId: null, userId: null, sessionId: null } as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest();

@Injectable()
export class ApiKeysService {
  private readonly adminKeyHash: Buffer | null;
  // Revocation reaches other processes within the TTL; this one at once.
  private readonly cache: LookupCache<string, Principal>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
      return { ...KEY_PRINCIPAL, role: 'admin', publisherId: null, advertiserId: null };
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
    };
  }

  // What /api/me calls the caller: the key's name, or the variable the bootstrap key comes from.
  async nameOf(keyId: number | null): Promise<string> {
    if (keyId === null) return 'ADMIN_API_KEY';
    const row = await this.dataSource.getRepository(ApiKey).findOneBy({ id: keyId });
    return row?.name ?? '';
  }

  async create(
    dto: CreateApiKeyDto,
  ): Promise<{ id: number; key: string; name: string; role: string }> {
    await checkRoleBinding(this.dataSource, dto, 'keys');
    const key = `pm_${randomToken(24)}`;
    const saved = await this.dataSource.getRepository(ApiKey).save({
      name: dto.name,
      role: dto.role,
      publisherId: dto.role === 'publisher' ? dto.publisherId! : null,
      advertiserId: dto.role === 'advertiser' ? dto.advertiserId! : null,
      keyHash: sha256(key).toString('hex'),
      keyPrefix: key.slice(0, 7),
    });
    return { id: saved.id, key, name: saved.name, role: saved.role };
  }

  list(): Promise<ApiKey[]> {
    return this.dataSource
      .getRepository(ApiKey)
      .find({ where: { revokedAt: IsNull() }, order: { id: 'DESC' } });
  }

  async revoke(id: number): Promise<void> {
    const repo = this.dataSource.getRepository(ApiKey);
    const row = await repo.findOne({
      where: { id, revokedAt: IsNull() },
      select: { id: true, keyHash: true },
    });
    if (!row) throw notFound('API key', id);
    await repo.update(id, { revokedAt: new Date() });
    this.cache.delete(row.keyHash);
  }
}
