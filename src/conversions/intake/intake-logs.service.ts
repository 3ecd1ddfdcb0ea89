import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { Page, paginate } from '../../common/pagination/pagination';
import { IntakeLog, IntakeOutcome } from '../intake-log.entity';
import { ListIntakeLogsQueryDto } from './intake-log.dto';

export const RAW_QUERY_MAX_CHARS = 4096;

export interface IntakeLogEntry {
  advertiserId: number | null;
  method: string;
  rawQuery: string;
  outcome: IntakeOutcome;
  errorCode: string | null;
  conversionId: string | null;
  ip: string | null;
}

@Injectable()
export class IntakeLogsService {
  private readonly logger = new Logger('IntakeLog');

  constructor(@InjectRepository(IntakeLog) private readonly logs: Repository<IntakeLog>) {}

  // Its own insert, outside the conversion's transaction, so refusals and rollbacks are kept too.
  // Never throws: a lost log line must not turn an accepted conversion into an error.
  async write(entry: IntakeLogEntry): Promise<void> {
    try {
      await this.logs.insert({
        ...entry,
        method: entry.method.slice(0, 8),
        rawQuery: entry.rawQuery.slice(0, RAW_QUERY_MAX_CHARS),
        errorCode: entry.errorCode?.slice(0, 64) ?? null,
        ip: entry.ip?.slice(0, 64) ?? null,
      });
    } catch (error) {
      this.logger.error(`intake log not written: ${(error as Error).message}`);
    }
  }

  list(principal: Principal, query: ListIntakeLogsQueryDto): Promise<Page<IntakeLog>> {
    const qb = this.logs.createQueryBuilder('l');
    if (principal.role === 'advertiser')
      qb.andWhere('l.advertiser_id = :own', { own: principal.advertiserId });
    if (query.advertiserId)
      qb.andWhere('l.advertiser_id = :advertiserId', { advertiserId: query.advertiserId });
    if (query.outcome) qb.andWhere('l.outcome = :outcome', { outcome: query.outcome });
    if (query.from) qb.andWhere('l.received_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('l.received_at < :to', { to: new Date(query.to) });
    return paginate(qb, query, { column: 'l.id', property: 'id' });
  }
}

export function intakeLogView(log: IntakeLog) {
  const { id, receivedAt, advertiserId, method, rawQuery, outcome, errorCode, conversionId, ip } =
    log;
  return { id, receivedAt, advertiserId, method, rawQuery, outcome, errorCode, conversionId, ip };
}
