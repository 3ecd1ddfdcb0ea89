import { randomHex } from '../../common/ids';
import { compileTemplate, renderTemplate } from '../templates/macro-renderer';
import type { MacroValues } from '../templates/macros';
import type { PostbackRule } from '../rules/postback-rule.entity';
import { OutboundRequest, USER_AGENT } from './postback-sender';
import { webhookHeaders } from './webhook-signer';

export type RenderableRule = Pick<
  PostbackRule,
  | 'method'
  | 'url'
  | 'headers'
  | 'body'
  | 'contentType'
  | 'statusMap'
  | 'timeoutMs'
  | 'signingSecret'
>;

export interface FireContext {
  deliveryId: string;
  nowMs: number;
  random?: string;
}

// The values of one attempt: the event's snapshot plus what belongs to the firing itself.
export function attemptValues(
  rule: RenderableRule,
  snapshot: MacroValues,
  ctx: FireContext,
): MacroValues {
  const rawStatus = snapshot.raw_status == null ? null : String(snapshot.raw_status);
  const mapped = rawStatus
    ? (rule.statusMap?.[rawStatus as keyof PostbackRule['statusMap']] ?? rawStatus)
    : null;
  return {
    ...snapshot,
    status: mapped,
    delivery_id: ctx.deliveryId,
    timestamp: String(Math.floor(ctx.nowMs / 1000)),
    random: ctx.random ?? randomHex(8),
  };
}

// Renders the rule for one attempt: URL-encoded URL, raw headers, JSON/form body, plus the
// Idempotency-Key and, with a signing secret, the Standard Webhooks headers.
export function buildOutboundRequest(
  rule: RenderableRule,
  snapshot: MacroValues,
  ctx: FireContext,
): OutboundRequest {
  const values = attemptValues(rule, snapshot, ctx);
  const url = renderTemplate(compileTemplate(rule.url), values, 'url');
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(rule.headers ?? {})) {
    headers[name.toLowerCase()] = renderTemplate(compileTemplate(template), values, 'header');
  }
  let body: string | null = null;
  if (rule.method !== 'GET' && rule.body != null) {
    const contentType = rule.contentType ?? 'application/x-www-form-urlencoded';
    body = renderTemplate(
      compileTemplate(rule.body),
      values,
      contentType === 'application/json' ? 'json' : 'form',
    );
    headers['content-type'] = contentType;
  }
  headers['user-agent'] = USER_AGENT;
  headers['idempotency-key'] = ctx.deliveryId;
  if (rule.signingSecret) {
    Object.assign(headers, webhookHeaders(rule.signingSecret, ctx.deliveryId, ctx.nowMs, body ?? ''));
  }
  return { method: rule.method, url, headers, body, timeoutMs: rule.timeoutMs };
}
