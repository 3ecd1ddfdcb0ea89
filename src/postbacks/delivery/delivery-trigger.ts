import type { Offer } from '../../catalog/offers/offer.entity';
import type { Conversion } from '../../conversions/conversion.entity';
import type { Click } from '../../tracking/click.entity';
import type { Impression } from '../../tracking/impression.entity';

// An event that postback rules react to, with what the macros need to render.
export interface ClickTrigger {
  kind: 'click';
  click: Click;
  offer: Offer;
}

export interface ImpressionTrigger {
  kind: 'impression';
  impression: Impression;
  offer: Offer;
}

// A conversion entering its current status (creation or a status change).
export interface ConversionTrigger {
  kind: 'conversion';
  conversion: Conversion;
  click: Click | null;
  offer: Offer;
}

export type DeliveryTrigger = ClickTrigger | ImpressionTrigger | ConversionTrigger;

// What was inserted in the event's transaction and must be handed to the queue after commit.
export interface ScheduledDelivery {
  id: string;
  scheduledFor: Date;
  maxAttempts: number;
}
