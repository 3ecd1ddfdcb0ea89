import { request } from 'undici';
import { TestApp } from './test-app';

export interface ClickParams {
  offerId: number;
  publisherId: number;
  externalTransactionId?: string;
  sub1?: string;
  sub2?: string;
  sub3?: string;
  sub4?: string;
  sub5?: string;
  source?: string;
  headers?: Record<string, string>;
}

export interface CreatedClick {
  transactionId: string;
  location: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// The tracking link a publisher would use, built from SPEC §5.1 parameter names.
export function clickPath(params: ClickParams, path = '/click'): string {
  const query = new URLSearchParams({
    offer_id: String(params.offerId),
    aff_id: String(params.publisherId),
  });
  if (params.externalTransactionId !== undefined)
    query.set('external_transaction_id', params.externalTransactionId);
  for (const name of ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'source'] as const) {
    const value = params[name];
    if (value !== undefined) query.set(name, value);
  }
  return `${path}?${query.toString()}`;
}

// A GET that never follows redirects and keeps the body as bytes (the impression GIF).
export async function rawGet(
  t: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const response = await request(`${t.baseUrl}${path}`, { method: 'GET', headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

// Performs GET /click as a visitor would and returns the network click id and the redirect.
// The id is read from the Location when the offer URL carries {transaction_id} (safe under
// concurrent clicks), else it is the newest click of that publisher on that offer.
export async function createClick(t: TestApp, params: ClickParams): Promise<CreatedClick> {
  const response = await rawGet(t, clickPath(params), params.headers);
  if (response.status !== 302)
    throw new Error(`click: ${response.status} ${response.body.toString('utf8')}`);
  const location = String(response.headers.location);
  const candidates = location.match(/[-0-9A-Za-z_]{30}/g) ?? [];
  const [row] = await t.query<{ transaction_id: string }>(
    `SELECT transaction_id FROM clicks
     WHERE publisher_id = $1 AND offer_id = $2
     ORDER BY transaction_id = ANY($3::text[]) DESC, transaction_id DESC LIMIT 1`,
    [params.publisherId, params.offerId, candidates],
  );
  if (!row) throw new Error('click: answered 302 but no click row was stored');
  return { transactionId: row.transaction_id, location };
}
