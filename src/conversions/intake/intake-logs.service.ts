import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Coalescer } from '../../common/coalescer';
import { preparedQuery, PreparedQuery } from '../../database/prepared-query';
import { Principal } from '../../common/auth/principal';
import { Page, paginate } from '../../common/pagination/pagination';
import { IntakeLog } from '../intake-log.entity';
import type { IntakeLogView } from './intake-log-view';
import { ListIntakeLogsQueryDto } from './intake-log.dto';

export const RAW_QUERY_MAX_CHARS = 4096;
const MAX_LINES_PER_INSERT = 200;

const INSERT_SQL = `
  INSERT INTO intake_logs
    (advertiser_id, method, raw_query, outcome, error_code, conversion_id, ip, warnings)
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                       $7::text[], $8::jsonb[])`;

// What the intake writes: a log entry without what the database assigns.
export type IntakeLogEntry = Omit<IntakeLogView, 'id' | 'receivedAt'>;

@Injectable()
export class IntakeLogsService {
  private readonly logger = new Logger('IntakeLog');

  // Lines written in the same turn of the event loop share one INSERT (one commit).
  private readonly lines: Coalescer<IntakeLogEntry, void>;
  // One line per accepted conversion: a named statement, not parsed and planned every time.
  private readonly query: PreparedQuery;

  constructor(
    @InjectRepository(IntakeLog) private readonly logs: Repository<IntakeLog>,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.lines = new Coalescer((entries) => this.insert(entries), MAX_LINES_PER_INSERT);
    this.query = preparedQuery(dataSource);
  }

  // Its own insert, outside the conversion's transaction, so refusals and rollbacks are kept too.
  // Never throws: a lost log line must not turn an accepted conversion into an error.
  async write(entry: IntakeLogEntry): Promise<void> {
    try {
      await this.lines.call(entry);
    } catch (error) {
      this.logger.error(`intake log not written: ${(error as Error).message}`);
    }
  }

  private async insert(entries: IntakeLogEntry[]): Promise<void[]> {
    const column = <T>(pick: (e: IntakeLogEntry) => T) => entries.map(pick);
    await this.query('insert-intake-log-lines', INSERT_SQL, [
      column((e) => e.advertiserId),
      column((e) => e.method.slice(0, 8)),
      column((e) => e.rawQuery.slice(0, RAW_QUERY_MAX_CHARS)),
      column((e) => e.outcome),
      column((e) => e.errorCode?.slice(0, 64) ?? null),
      column((e) => e.conversionId),
      column((e) => e.ip?.slice(0, 64) ?? null),
      column((e) => JSON.stringify(e.warnings)),
    ]);
    return entries.map(() => undefined);
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
