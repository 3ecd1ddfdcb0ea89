import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheInvalidations } from '../../queue/cache-invalidations';
import { PostbackRule } from './postback-rule.entity';
import type { RuleType } from './rule-matcher';

// Without Redis, other processes see a rule change within this time (invalidate() tells them at once).
export const RULES_CACHE_TTL_MS = 5_000;

interface Snapshot {
  byType: Map<RuleType, PostbackRule[]>;
  byId: Map<number, PostbackRule>;
  loadedAt: number;
}

export function mayFire(rule: Pick<PostbackRule, 'approvedRevision' | 'approvalState'>): boolean {
  return rule.approvedRevision !== null || rule.approvalState === 'pending';
}

// In-memory copy of every live rule (with its signing secret), so scheduling on the hot
// paths and sending from the worker cost no rule query.
@Injectable()
export class RulesCache {
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invalidations: CacheInvalidations,
  ) {
    invalidations.on('rules', () => this.drop());
  }

  // Every process drops its snapshot: this one at once, the others when Redis tells them.
  invalidate(): void {
    this.invalidations.invalidate('rules');
  }

  private drop(): void {
    this.generation++;
    this.snapshot = null;
  }

  // Enabled rules of one type: the candidates the matcher picks from.
  async enabledOfType(type: RuleType): Promise<PostbackRule[]> {
    return (await this.current()).byType.get(type) ?? [];
  }

  // Any live rule, enabled or not (a disabled rule's pending deliveries are cancelled, not sent).
  async byId(id: number): Promise<PostbackRule | undefined> {
    return (await this.current()).byId.get(id);
  }

  private current(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < RULES_CACHE_TTL_MS) {
      return Promise.resolve(this.snapshot);
    }
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const generation = this.generation;
    // signingSecret is `select: false` for the API; the sender needs it. Soft-deleted rules are excluded.
    const rules = await this.dataSource
      .getRepository(PostbackRule)
      .createQueryBuilder('p')
      .addSelect('p.signingSecret')
      .getMany();
    const byType = new Map<RuleType, PostbackRule[]>();
    const byId = new Map<number, PostbackRule>();
    for (const rule of rules) {
      byId.set(rule.id, rule);
      // Only approved sending fields are stored on the row (a waiting change sits in its
      // revision), so what fires is always the approved revision. A new rule never approved
      // fires only while pending (its deliveries are held); a rejected one not at all.
      if (!rule.enabled || !mayFire(rule)) continue;
      const list = byType.get(rule.type) ?? [];
      list.push(rule);
      byType.set(rule.type, list);
    }
    const snapshot = { byType, byId, loadedAt: Date.now() };
    // A change made while loading must not be hidden behind this (older) snapshot.
    if (generation === this.generation) this.snapshot = snapshot;
    return snapshot;
  }
}
