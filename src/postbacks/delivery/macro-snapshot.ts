import type { Offer } from '../../catalog/offers/offer.entity';
import type { Conversion } from '../../conversions/conversion.entity';
import type { Click } from '../../tracking/click.entity';
import { clickMacroValues } from '../../tracking/click-location';
import type { Impression } from '../../tracking/impression.entity';
import type { MacroValues } from '../templates/macros';
import type { DeliveryTrigger } from './delivery-trigger';

const unixSeconds = (date: Date) => String(Math.floor(date.getTime() / 1000));

// The click's macros as the redirect renders them; {timestamp} and {random} belong to each firing.
function clickValues(click: Click, offer: Offer): MacroValues {
  const { timestamp: _timestamp, random: _random, ...values } = clickMacroValues(click, offer);
  return values;
}

function impressionValues(impression: Impression): MacroValues {
  return {
    impression_id: impression.id,
    sub1: impression.sub1,
    sub2: impression.sub2,
    sub3: impression.sub3,
    sub4: impression.sub4,
    sub5: impression.sub5,
    source: impression.source,
    ip: impression.ip,
    user_agent: impression.userAgent,
  };
}

function conversionValues(conversion: Conversion): MacroValues {
  return {
    conversion_id: conversion.id,
    event: conversion.event,
    conversion_time: unixSeconds(conversion.createdAt),
    raw_status: conversion.status,
    rejection_reason: conversion.rejectionReason,
    payout: conversion.payout,
    currency: conversion.currency,
    adv_transaction_id: conversion.advertiserTransactionId,
    revenue: conversion.revenue,
    advertiser_id: conversion.advertiserId,
  };
}

function offerValues(offer: Offer, publisherId: number): MacroValues {
  return {
    offer_id: offer.id,
    offer_name: offer.name,
    aff_id: publisherId,
    currency: offer.currency,
  };
}

// The values every macro needs, frozen at event time and stored on the delivery. {status},
// {delivery_id}, {timestamp} and {random} are added when the request is made.
export function macroSnapshot(trigger: DeliveryTrigger): MacroValues {
  switch (trigger.kind) {
    case 'click':
      return {
        ...offerValues(trigger.offer, trigger.click.publisherId),
        ...clickValues(trigger.click, trigger.offer),
      };
    case 'impression':
      return {
        ...offerValues(trigger.offer, trigger.impression.publisherId),
        ...impressionValues(trigger.impression),
      };
    case 'conversion':
      return {
        ...offerValues(trigger.offer, trigger.conversion.publisherId),
        ...(trigger.click
          ? clickValues(trigger.click, trigger.offer)
          : { transaction_id: trigger.conversion.transactionId }),
        ...conversionValues(trigger.conversion),
      };
  }
}
