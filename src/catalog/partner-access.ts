import { Injectable } from '@nestjs/common';

export type Partner = 'publisher' | 'advertiser';

// What the catalog asks when a partner loses access (a publisher blocked, an advertiser
// paused): the sessions feature (src/users) stands on a higher floor and listens, so the
// catalog never imports it.
export interface PartnerAccessListener {
  partnerLostAccess(partner: Partner, id: number): Promise<void>;
}

@Injectable()
export class PartnerAccess {
  private readonly listeners: PartnerAccessListener[] = [];

  listen(listener: PartnerAccessListener): void {
    this.listeners.push(listener);
  }

  async lost(partner: Partner, id: number): Promise<void> {
    for (const listener of this.listeners) await listener.partnerLostAccess(partner, id);
  }
}
