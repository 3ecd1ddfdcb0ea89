import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { badRequest, notFound } from '../errors/domain-error';
import { randomToken } from '../ids';
import { LookupCache } from '../lookup-cache';
import { ApiKey } from './api-key.entity';
import { ApiKeyView, CreatedApiKey } from './api-key-view';
import { CreateApiKeyDto } from './create-api-key.dto';
import { Principal } from './principal';

export const KEY_CACHE_TTL_MS = 30_000;
export const KEY_CACHE_MAX_KNOWN = 10_000;
// Unknown keys are remembered too (a client retrying a wrong key costs no query), apart from the
// known ones. A key is random and shown only once it exists, so none is remembered as unknown
// before its creation.
export const KEY_CACHE_MAX_MISSING = 1_000;

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
      return { role: 'admin', keyId: null, publisherId: null, advertiserId: null };
    }
    return this.cache.get(hash.toString('hex'));
  }

  private async load(keyHash: string): Promise<Principal | null> {
    const row = await this.dataSource
      .getRepository(ApiKey)
      .findOne({ where: { keyHash, revokedAt: IsNull() } });
    if (!row) return null;
    return {
      role: row.role,
      keyId: row.id,
      publisherId: row.publisherId,
      advertiserId: row.advertiserId,
    };
  }

  async create(dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    await this.checkBinding(dto);
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

  // keyHash is not selected (select: false), so the rows are their view.
  list(): Promise<ApiKeyView[]> {
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

  private async checkBinding(dto: CreateApiKeyDto): Promise<void> {
    if (dto.role !== 'publisher' && dto.publisherId !== undefined) {
      throw badRequest('validation_failed', 'publisherId is only for publisher keys', [
        { field: 'publisherId', message: 'publisherId is only for publisher keys' },
      ]);
    }
    if (dto.role !== 'advertiser' && dto.advertiserId !== undefined) {
      throw badRequest('validation_failed', 'advertiserId is only for advertiser keys', [
        { field: 'advertiserId', message: 'advertiserId is only for advertiser keys' },
      ]);
    }
    const [table, id, field] =
      dto.role === 'publisher'
        ? ['publishers', dto.publisherId, 'publisherId']
        : dto.role === 'advertiser'
          ? ['advertisers', dto.advertiserId, 'advertiserId']
          : [null, null, null];
    if (!table) return;
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM ${table} WHERE id = $1`, [
      id,
    ]);
    if (rows.length === 0) {
      throw badRequest('validation_failed', `${field} ${id} does not exist`, [
        { field: field!, message: `${field} ${id} does not exist` },
      ]);
    }
  }
}
