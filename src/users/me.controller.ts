import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { CookieSessions } from './cookie-sessions';
import { MeService } from './me.service';
import { csrfTokenOf } from './session-cookie';
import { MeView } from './user-views';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly cookies: CookieSessions,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Who the caller is (session or API key), with the CSRF token of a session',
  })
  describe(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<MeView> {
    const token = principal.via === 'api_key' ? null : this.cookies.tokenOf(request);
    return this.me.describe(principal, token && csrfTokenOf(token));
  }
}
