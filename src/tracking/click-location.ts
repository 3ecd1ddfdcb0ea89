import type { Offer } from '../catalog/offers/offer.entity';
import { percentEncode } from '../postbacks/templates/macro-encoders';
import type { MacroValues } from '../postbacks/templates/macros';
import { compileTemplate, renderTemplate } from '../postbacks/templates/macro-renderer';
import type { Click } from './click.entity';

// Every click macro of SPEC §7, from the click as stored.
export function clickMacroValues(click: Click, offer: Offer, random = randomNumber()): MacroValues {
  const seconds = Math.floor(click.createdAt.getTime() / 1000);
  return {
    transaction_id: click.transactionId,
    external_transaction_id: click.externalTransactionId,
    sub1: click.sub1,
    sub2: click.sub2,
    sub3: click.sub3,
    sub4: click.sub4,
    sub5: click.sub5,
    source: click.source,
    offer_id: click.offerId,
    offer_name: offer.name,
    aff_id: click.publisherId,
    ip: click.ip,
    user_agent: click.userAgent,
    click_time: seconds,
    timestamp: seconds,
    random,
  };
}

export function randomNumber(): number {
  return Math.floor(Math.random() * 2_147_483_647);
}

// Bytes a header value may not carry as they are (Node refuses them): controls, space, non-ASCII.
const NOT_HEADER_SAFE = /[^\x21-\x7e]/;
const NOT_HEADER_SAFE_RUNS = /[^\x21-\x7e]+/g;

// The offer URL with the click's macros, URL-encoded (offers' templates are linted on save).
export function renderClickLocation(offer: Offer, values: MacroValues): string {
  const location = renderTemplate(compileTemplate(offer.url), values, 'url');
  // Literal text of the template (an IDN path, say) is percent-encoded too, never sent raw.
  return NOT_HEADER_SAFE.test(location)
    ? location.replace(NOT_HEADER_SAFE_RUNS, (run) => percentEncode(run))
    : location;
}
