import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isISO4217CurrencyCode } from 'class-validator';
import { Repository } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { diffFields } from '../../audit/field-changes';
import { badRequest, DomainError } from '../../common/errors/domain-error';
import { formatMoney } from '../../common/money';
import { AppConfig } from '../../config/app-config';
import { IncomingAmounts, ReportedAmount } from '../conversion-changes';
import { CurrencyRate } from '../currency-rate.entity';
import { convertAmount, formatRate } from './currency-math';
import { CurrencyRateList, CurrencyRateView } from './currency-rate-views';

@Injectable()
export class CurrencyRatesService {
  constructor(
    @InjectRepository(CurrencyRate) private readonly rates: Repository<CurrencyRate>,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  get baseCurrency(): string {
    return this.config.BASE_CURRENCY;
  }

  async list(): Promise<CurrencyRateList> {
    const rows = await this.rates.find({ order: { code: 'ASC' } });
    return { baseCurrency: this.baseCurrency, items: rows.map(view), nextCursor: null };
  }

  async put(code: string, rate: string): Promise<CurrencyRateView> {
    const upper = parseCurrencyCode(code);
    if (upper === this.baseCurrency) {
      throw badRequest('validation_failed', `${upper} is the base currency; its rate is always 1`, [
        { field: 'code', message: 'the base currency has no rate to set' },
      ]);
    }
    const saved = await this.rates.manager.transaction(async (manager) => {
      const repo = manager.getRepository(CurrencyRate);
      const before = await repo.findOne({
        where: { code: upper },
        lock: { mode: 'pessimistic_write' },
      });
      await repo.upsert({ code: upper, rate }, ['code']);
      const after = await repo.findOneByOrFail({ code: upper });
      await this.audit.append(manager, {
        entityType: 'currency_rate',
        entityId: upper,
        action: before ? 'updated' : 'created',
        changes: diffFields(before && { rate: formatRate(before.rate) }, {
          rate: formatRate(after.rate),
        }),
      });
      return after;
    });
    return view(saved);
  }

  // Value of one unit of `code` in base units; null when no rate is known.
  async rateOf(code: string): Promise<string | null> {
    if (code === this.baseCurrency) return '1';
    return (await this.rates.findOneBy({ code }))?.rate ?? null;
  }

  // Reported payout/revenue in the offer's currency; only reported amounts need a rate. Strict
  // (the API) refuses what it can't convert; lenient (the S2S intake, SPEC §5.2) leaves those
  // amounts out, so the offer's defaults apply, and says so in `warnings`.
  async toOfferCurrency(
    reported: { payout?: string | null; revenue?: string | null; currency?: string | null },
    offerCurrency: string,
    mode: 'strict' | 'lenient' = 'strict',
  ): Promise<ConvertedAmounts> {
    const fields = (['payout', 'revenue'] as const).filter((f) => reported[f]);
    const from = reported.currency ?? offerCurrency;
    const amounts: IncomingAmounts = { originalCurrency: null };
    const warnings: string[] = [];
    if (fields.length === 0) return { amounts, warnings };
    if (from === offerCurrency) {
      for (const f of fields) amounts[f] = { value: reported[f]!, original: null };
      return { amounts, warnings };
    }
    const fromRate = await this.rateOf(from);
    const toRate = fromRate === null ? null : await this.rateOf(offerCurrency);
    if (fromRate === null || toRate === null) {
      if (mode === 'strict') throw unknownCurrency(fromRate === null ? from : offerCurrency);
      return { amounts, warnings: ['currency_unknown'] };
    }
    for (const f of fields) {
      const converted = convertField(reported[f]!, fromRate, toRate);
      if (converted) amounts[f] = converted;
      else if (mode === 'strict') throw tooLarge(f);
      else warnings.push(`${f}_unparsed`);
    }
    if (amounts.payout || amounts.revenue) amounts.originalCurrency = from;
    return { amounts, warnings };
  }
}

export interface ConvertedAmounts {
  amounts: IncomingAmounts;
  // Lenient mode only: currency_unknown, payout_unparsed, revenue_unparsed.
  warnings: string[];
}

// Null when the result does not fit a money column.
function convertField(amount: string, fromRate: string, toRate: string): ReportedAmount | null {
  try {
    return { value: formatMoney(convertAmount(amount, fromRate, toRate)), original: amount };
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function unknownCurrency(code: string): DomainError {
  return badRequest(
    'unknown_currency',
    `No rate is known for ${code}; an admin sets it with PUT /api/currency-rates/${code}`,
    [{ field: 'currency', message: `no rate for ${code}` }],
  );
}

function tooLarge(field: 'payout' | 'revenue'): DomainError {
  return badRequest('validation_failed', `Invalid request: ${field}`, [
    { field, message: `${field} is too large once converted` },
  ]);
}

export function parseCurrencyCode(code: string): string {
  const upper = code.toUpperCase();
  if (!isISO4217CurrencyCode(upper)) {
    throw new DomainError(400, 'validation_failed', 'Invalid request: code', [
      { field: 'code', message: 'code must be an ISO 4217 code such as USD or EUR' },
    ]);
  }
  return upper;
}

function view(row: CurrencyRate): CurrencyRateView {
  return { code: row.code, rate: formatRate(row.rate), updatedAt: row.updatedAt };
}
