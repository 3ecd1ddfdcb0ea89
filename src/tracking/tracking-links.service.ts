import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OffersService } from '../catalog/offers/offers.service';
import { Publisher } from '../catalog/publishers/publisher.entity';
import { Principal } from '../common/auth/principal';
import { badRequest, forbidden } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { findPreset } from '../presets/preset-catalog';
import { trackingLinkUrl } from './tracking-link-url';
import { TrackingLinkQueryDto } from './tracking-link-query.dto';
import { TrackingLinkView } from './tracking-link-view';

@Injectable()
export class TrackingLinksService {
  constructor(
    private readonly offers: OffersService,
    @InjectRepository(Publisher) private readonly publishers: Repository<Publisher>,
    private readonly config: AppConfig,
  ) {}

  async link(
    principal: Principal,
    offerId: number,
    query: TrackingLinkQueryDto,
  ): Promise<TrackingLinkView> {
    // Scoped as GET /api/offers/:id: a publisher sees active offers only, others answer 404.
    const offer = await this.offers.get(principal, offerId);
    const publisher = await this.publisherFor(principal, query.publisherId);
    const preset = query.presetId === undefined ? undefined : findPreset(query.presetId);
    const clickIdMacro = preset?.clickIdMacro ?? null;
    const notes: string[] = [];
    if (preset === undefined) {
      notes.push(
        "No presetId given: add &external_transaction_id=<your tracker's click-id macro> so postbacks can carry your click id, or pass presetId to have it filled in.",
      );
    } else if (clickIdMacro === null) {
      notes.push(
        `${preset.name} has no click-id macro: add &external_transaction_id=<your click id> yourself.`,
      );
    }
    if (offer.status !== 'active') notes.push('The offer is paused: clicks are refused (410).');
    if (publisher.status !== 'active') {
      notes.push('The publisher is blocked: clicks are refused (410).');
    }
    return {
      url: trackingLinkUrl({
        baseUrl: this.config.PUBLIC_BASE_URL,
        offerId: offer.id,
        publisherId: publisher.id,
        clickIdMacro,
      }),
      offerId: offer.id,
      publisherId: publisher.id,
      presetId: preset?.id ?? null,
      clickIdMacro,
      note: notes.length > 0 ? notes.join(' ') : null,
    };
  }

  private async publisherFor(principal: Principal, requested: number | undefined) {
    if (principal.role === 'publisher') {
      if (requested !== undefined && requested !== principal.publisherId) {
        throw forbidden('A publisher may get tracking links for itself only');
      }
      requested = principal.publisherId!;
    }
    if (requested === undefined) throw invalidPublisher('publisherId is required', 'required');
    const publisher = await this.publishers.findOneBy({ id: requested });
    if (!publisher) {
      throw invalidPublisher(`publisherId ${requested} does not exist`, 'unknown_publisher');
    }
    return publisher;
  }
}

function invalidPublisher(message: string, code: string) {
  return badRequest('validation_failed', message, [{ field: 'publisherId', code, message }]);
}
