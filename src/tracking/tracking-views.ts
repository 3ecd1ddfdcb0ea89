import { ApiProperty } from '@nestjs/swagger';
import type { Click } from './click.entity';
import type { Impression } from './impression.entity';

// What clicks and impressions share: the tracking link's parameters and the visitor.
export abstract class VisitView {
  offerId: number;
  publisherId: number;
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  source: string | null;
  ip: string | null;
  userAgent: string | null;
  referer: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

// API shape of a click (SPEC §3: camelCase, ISO timestamps); every role sees its scoped clicks whole.
export class ClickView extends VisitView {
  transactionId: string;
  externalTransactionId: string | null;
}

export class ImpressionView extends VisitView {
  id: string;
}

export function clickView(click: Click): ClickView {
  return {
    transactionId: click.transactionId,
    offerId: click.offerId,
    publisherId: click.publisherId,
    externalTransactionId: click.externalTransactionId,
    sub1: click.sub1,
    sub2: click.sub2,
    sub3: click.sub3,
    sub4: click.sub4,
    sub5: click.sub5,
    source: click.source,
    ip: click.ip,
    userAgent: click.userAgent,
    referer: click.referer,
    createdAt: click.createdAt.toISOString(),
  };
}

export function impressionView(impression: Impression): ImpressionView {
  return {
    id: impression.id,
    offerId: impression.offerId,
    publisherId: impression.publisherId,
    sub1: impression.sub1,
    sub2: impression.sub2,
    sub3: impression.sub3,
    sub4: impression.sub4,
    sub5: impression.sub5,
    source: impression.source,
    ip: impression.ip,
    userAgent: impression.userAgent,
    referer: impression.referer,
    createdAt: impression.createdAt.toISOString(),
  };
}
