import { Injectable } from '@nestjs/common';
import { CatalogCache } from '../../catalog/catalog-cache';
import { DomainError } from '../../common/errors/domain-error';
import { toErrorBody } from '../../common/errors/all-exceptions.filter';
import { ConversionRecorder } from '../conversion-recorder';
import { IntakeLogEntry, IntakeLogsService, RAW_QUERY_MAX_CHARS } from './intake-logs.service';
import { IntakeReply, parseIntakeParams } from './intake-params';

export interface IntakeRequest {
  postbackKey: string;
  method: string;
  // The URL's query string as received, without the "?".
  queryString: string;
  query: unknown;
  body: unknown;
  ip: string | null;
}

const POSTBACK_KEY = /^[A-Za-z0-9_-]{1,200}$/;

// Advertiser S2S postbacks (SPEC §5.2): every request, accepted or not, lands in the intake log.
@Injectable()
export class IntakeService {
  constructor(
    private readonly catalog: CatalogCache,
    private readonly recorder: ConversionRecorder,
    private readonly logs: IntakeLogsService,
  ) {}

  async handle(request: IntakeRequest): Promise<IntakeReply> {
    const entry: IntakeLogEntry = {
      advertiserId: null,
      method: request.method,
      rawQuery: rawQueryOf(request),
      outcome: 'refused',
      errorCode: null,
      conversionId: null,
      ip: request.ip,
      warnings: [],
    };
    try {
      const advertiser = POSTBACK_KEY.test(request.postbackKey)
        ? await this.catalog.advertiserByPostbackKey(request.postbackKey)
        : null;
      if (!advertiser)
        throw new DomainError(404, 'invalid_postback_key', 'No advertiser has this postback key');
      entry.advertiserId = advertiser.id;
      if (advertiser.status === 'paused')
        throw new DomainError(403, 'advertiser_paused', 'The advertiser is paused');

      const { report, reply, warnings } = parseIntakeParams(request.query, request.body);
      entry.warnings = warnings;
      const recorded = await this.recorder.record(report, {
        source: 'intake',
        actor: 'advertiser',
        advertiserId: advertiser.id,
      });
      const { outcome, conversion } = recorded;
      entry.warnings = [...new Set([...warnings, ...recorded.warnings])];
      entry.outcome = outcome === 'duplicate' ? 'duplicate' : 'accepted';
      entry.conversionId = conversion.id;
      return reply;
    } catch (error) {
      entry.errorCode = toErrorBody(error)?.error ?? 'internal_error';
      throw error;
    } finally {
      await this.logs.write(entry);
    }
  }
}

// The query string, then (for a form POST) a newline and the body, re-encoded; bounded. A NUL
// (a text/plain body can carry one) is kept as %00: PostgreSQL text can't hold U+0000.
export function rawQueryOf(request: Pick<IntakeRequest, 'queryString' | 'body'>): string {
  let raw = request.queryString.slice(0, RAW_QUERY_MAX_CHARS);
  const body = bodyText(request.body);
  if (body) raw += `\n${body}`;
  return raw.replaceAll('\u0000', '%00').slice(0, RAW_QUERY_MAX_CHARS);
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, RAW_QUERY_MAX_CHARS);
  if (!body || typeof body !== 'object') return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value])
      params.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
  }
  return params.toString();
}
