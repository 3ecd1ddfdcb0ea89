import { Injectable } from '@nestjs/common';
import { CatalogCache } from '../catalog/catalog-cache';
import type { Offer } from '../catalog/offers/offer.entity';
import { DomainError } from '../common/errors/domain-error';
import { timeOrderedToken } from '../common/ids';
import type { Click } from './click.entity';
import { clickMacroValues, renderClickLocation } from './click-location';
import { ClickWriter } from './click-writer';
import type { Impression } from './impression.entity';
import { ImpressionWriter } from './impression-writer';
import type { ClickParams, ImpressionParams } from './tracking-link.dto';
import { cleanParam, HEADER_VALUE_MAX, IP_MAX, truncateText } from './tracking-params';

// Who followed the link, as the HTTP request tells it.
export interface Visitor {
  ip: string | undefined;
  userAgent: string | undefined;
  referer: string | undefined;
}

// The public hot path: resolve offer and publisher from the cache, store, answer.
@Injectable()
export class TrackingService {
  constructor(
    private readonly catalog: CatalogCache,
    private readonly clicks: ClickWriter,
    private readonly impressions: ImpressionWriter,
  ) {}

  // Stores the click (committed when this resolves) and returns the redirect URL.
  async click(params: ClickParams, visitor: Visitor): Promise<string> {
    const offer = await this.resolve(params.offer_id, params.aff_id);
    const now = Date.now();
    const click: Click = {
      transactionId: timeOrderedToken(now),
      offerId: offer.id,
      publisherId: params.aff_id,
      externalTransactionId: cleanParam(params.external_transaction_id ?? params.aff_click_id),
      ...visit(params, visitor, now),
    };
    // Rendered before storing: a click is never kept for a redirect that cannot be built.
    const location = renderClickLocation(offer, clickMacroValues(click, offer));
    await this.clicks.write(click, offer);
    return location;
  }

  async impression(params: ImpressionParams, visitor: Visitor): Promise<void> {
    const offer = await this.resolve(params.offer_id, params.aff_id);
    const now = Date.now();
    const impression: Impression = {
      id: timeOrderedToken(now),
      offerId: offer.id,
      publisherId: params.aff_id,
      ...visit(params, visitor, now),
    };
    await this.impressions.write(impression, offer);
  }

  // Unknown before unavailable: a typo in a link is told apart from a paused campaign.
  private async resolve(offerId: number, publisherId: number): Promise<Offer> {
    const [offer, publisher] = await Promise.all([
      this.catalog.offer(offerId),
      this.catalog.publisher(publisherId),
    ]);
    if (offer === null)
      throw new DomainError(404, 'offer_not_found', `Offer ${offerId} not found`, [
        { field: 'offer_id', message: `offer ${offerId} does not exist` },
      ]);
    if (publisher === null)
      throw new DomainError(404, 'publisher_not_found', `Publisher ${publisherId} not found`, [
        { field: 'aff_id', message: `publisher ${publisherId} does not exist` },
      ]);
    if (offer.status !== 'active')
      throw new DomainError(410, 'offer_paused', `Offer ${offerId} is paused`);
    if (publisher.status !== 'active')
      throw new DomainError(410, 'publisher_blocked', `Publisher ${publisherId} is blocked`);
    return offer;
  }
}

function visit(params: ImpressionParams, visitor: Visitor, now: number) {
  return {
    sub1: cleanParam(params.sub1),
    sub2: cleanParam(params.sub2),
    sub3: cleanParam(params.sub3),
    sub4: cleanParam(params.sub4),
    sub5: cleanParam(params.sub5),
    source: cleanParam(params.source),
    ip: truncateText(visitor.ip, IP_MAX),
    userAgent: truncateText(visitor.userAgent, HEADER_VALUE_MAX),
    referer: truncateText(visitor.referer, HEADER_VALUE_MAX),
    createdAt: new Date(now),
  };
}
