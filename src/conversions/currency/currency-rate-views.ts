// A currency's rate: the value of one unit in BASE_CURRENCY units, as a decimal string.
export class CurrencyRateView {
  code: string;
  rate: string;
  updatedAt: Date;
}

// Every rate in one answer (a short list): nextCursor is always null.
export class CurrencyRateList {
  baseCurrency: string;
  items: CurrencyRateView[];
  nextCursor: string | null;
}
