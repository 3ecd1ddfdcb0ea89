import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isISO4217CurrencyCode } from 'class-validator';
import { Repository } from 'typeorm';
import { badRequest, DomainError } from '../../common/errors/domain-error';
import { formatMoney } from '../../common/money';
import { AppConfig } from '../../config/app-config';
import { IncomingAmounts, ReportedAmount } from '../conversion-changes';
import { CurrencyRate } from '../currency-rate.entity';
import { convertAmount, formatRate } from './currency-math';

export interface RateView {
  code: string;
  rate: string;
  updatedAt: Date | null;
}

@Injectable()
export class CurrencyRatesService {
  constructor(
    @InjectRepository(CurrencyRate) private readonly rates: Repository<CurrencyRate>,
    private readonly config: AppConfig,
  ) {}

  get baseCurrency(): string {
    return this.config.BASE_CURRENCY;
  }

  async list(): Promise<{ baseCurrency: string; items: RateView[]; nextCursor: null }> {
    const rows = await this.rates.find({ order: { code: 'ASC' } });
    return { baseCurrency: this.baseCurrency, items: rows.map(view), nextCursor: null };
  }

  async put(code: string, rate: string): Promise<RateView> {
    const upper = parseCurrencyCode(code);
    if (upper === this.baseCurrency) {
      throw badRequest('validation_failed', `${upper} is the base currency; its rate is always 1`, [
        { field: 'code', message: 'the base currency has no rate to set' },
      ]);
    }
    await this.rates.upsert({ code: upper, rate }, ['code']);
    return view(await this.rates.findOneByOrFail({ code: upper }));
  }

  // Value of one unit of `code` in base units; null when no rate is known.
  async rateOf(code: string): Promise<string | null> {
    if (code === this.baseCurrency) return '1';
    return (await this.rates.findOneBy({ code }))?.rate ?? null;
  }

  // Reported payout/revenue in the offer's currency; only reported amounts need a rate.
  async toOfferCurrency(
    reported: { payout?: string | null; revenue?: string | null; currency?: string | null },
    offerCurrency: string,
  ): Promise<IncomingAmounts> {
    const fields = (['payout', 'revenue'] as const).filter((f) => reported[f]);
    const from = reported.currency ?? offerCurrency;
    const incoming: IncomingAmounts = { originalCurrency: null };
    if (fields.length === 0) return incoming;
    if (from === offerCurrency) {
      for (const f of fields) incoming[f] = { value: reported[f]!, original: null };
      return incoming;
    }
    const fromRate = await this.requireRate(from);
    const toRate = await this.requireRate(offerCurrency);
    for (const f of fields) incoming[f] = convertField(f, reported[f]!, fromRate, toRate);
    incoming.originalCurrency = from;
    return incoming;
  }

  private async requireRate(code: string): Promise<string> {
    const rate = await this.rateOf(code);
    if (rate === null) {
      throw badRequest(
        'unknown_currency',
        `No rate is known for ${code}; an admin sets it with PUT /api/currency-rates/${code}`,
        [{ field: 'currency', message: `no rate for ${code}` }],
      );
    }
    return rate;
  }
}

function convertField(
  field: 'payout' | 'revenue',
  amount: string,
  fromRate: string,
  toRate: string,
): ReportedAmount {
  try {
    return { value: formatMoney(convertAmount(amount, fromRate, toRate)), original: amount };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw badRequest('validation_failed', `Invalid request: ${field}`, [
      { field, message: `${field} is too large once converted` },
    ]);
  }
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

function view(row: CurrencyRate): RateView {
  return { code: row.code, rate: formatRate(row.rate), updatedAt: row.updatedAt };
}
