import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { MAX_ENTITY_ID } from '../common/entity-id';
import {
  CLICK_TEXT_LIMITS,
  ClickParamsDto,
  IMPRESSION_TEXT_LIMITS,
  ImpressionParamsDto,
} from './tracking-link.dto';
import { trackingParamsFailed } from './tracking-params';

const CANONICAL_ID = /^[1-9][0-9]{0,9}$/;

// The route-level pipe of /click and /impression: the DTO's rules, unknown parameters dropped
// (whitelist without forbidNonWhitelisted). Well-formed links, nearly all of them, take a fast
// path that builds the same DTO without class-transformer/class-validator, which cost more than
// the rest of the request; anything unusual (arrays, odd numbers, long values, failures) goes
// through the ValidationPipe, which alone decides what is refused and how.
export class TrackingParamsPipe extends ValidationPipe {
  private constructor(
    private readonly dto: typeof ImpressionParamsDto,
    private readonly textLimits: Readonly<Record<string, number>>,
  ) {
    super({
      expectedType: dto,
      whitelist: true,
      forbidNonWhitelisted: false,
      transform: true,
      stopAtFirstError: true,
      exceptionFactory: trackingParamsFailed,
    });
  }

  static forClicks(): TrackingParamsPipe {
    return new TrackingParamsPipe(ClickParamsDto, CLICK_TEXT_LIMITS);
  }

  static forImpressions(): TrackingParamsPipe {
    return new TrackingParamsPipe(ImpressionParamsDto, IMPRESSION_TEXT_LIMITS);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fast = this.fastPath(value);
    return fast === null ? super.transform(value, metadata) : Promise.resolve(fast);
  }

  // The DTO for a canonical query, or null when the full validation must decide.
  fastPath(value: unknown): ImpressionParamsDto | null {
    if (typeof value !== 'object' || value === null) return null;
    const query = value as Record<string, unknown>;
    const offerId = canonicalId(query.offer_id);
    const publisherId = canonicalId(query.aff_id);
    if (offerId === null || publisherId === null) return null;
    const dto = new this.dto() as ImpressionParamsDto & Record<string, unknown>;
    dto.offer_id = offerId;
    dto.aff_id = publisherId;
    for (const name in this.textLimits) {
      const text = query[name];
      if (text === undefined) continue;
      // UTF-16 length ≥ characters, so within it is within the limit; beyond, let the pipe count.
      if (typeof text !== 'string' || text.length > this.textLimits[name]) return null;
      dto[name] = text;
    }
    return dto;
  }
}

function canonicalId(value: unknown): number | null {
  if (typeof value !== 'string' || !CANONICAL_ID.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ENTITY_ID ? id : null;
}
