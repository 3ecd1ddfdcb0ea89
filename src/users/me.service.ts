import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../common/auth/api-keys.service';
import type { Principal } from '../common/auth/principal';
import { PortalLinksService } from './portal-links.service';
import { meOfUser, MeView } from './user-views';
import { UsersService } from './users.service';

// GET /api/me: who the caller is, however it signed in.
@Injectable()
export class MeService {
  constructor(
    private readonly users: UsersService,
    private readonly portalLinks: PortalLinksService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async describe(principal: Principal, csrfToken: string | null): Promise<MeView> {
    if (principal.via === 'session') {
      return meOfUser(await this.users.get(principal.userId!), csrfToken);
    }
    const name =
      principal.via === 'portal'
        ? await this.portalLinks.partnerName(
            principal.publisherId !== null ? 'publisher' : 'advertiser',
            (principal.publisherId ?? principal.advertiserId)!,
          )
        : await this.apiKeys.nameOf(principal.keyId);
    return {
      userId: null,
      email: null,
      name,
      role: principal.role,
      publisherId: principal.publisherId,
      advertiserId: principal.advertiserId,
      csrfToken: principal.via === 'portal' ? csrfToken : null,
      via: principal.via,
    };
  }
}
