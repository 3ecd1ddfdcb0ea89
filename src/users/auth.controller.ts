import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Redirect,
  Req,
  Res,
} from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { CookieSessions } from './cookie-sessions';
import { PortalLinksService } from './portal-links.service';
import { csrfTokenOf } from './session-cookie';
import { scopeOfUser } from './sessions.service';
import { SignInService, SignInThrottled } from './sign-in.service';
import { AcceptInviteDto, SignInDto } from './user.dto';
import { User } from './user.entity';
import { InviteView, meOfUser, MeView } from './user-views';
import { UsersService } from './users.service';

export const PORTAL_LANDING = '/app/';
export const PORTAL_LINK_INVALID = '/app/sign-in?error=portal_link_invalid';

const inviteInvalid = () =>
  new DomainError(404, 'invite_invalid', 'This invite link was used, has expired or is unknown');

// Sign-in for people (SPEC §11): these routes authenticate themselves, so the guard lets them by.
@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly cookies: CookieSessions,
    private readonly signIn: SignInService,
    private readonly users: UsersService,
    private readonly portalLinks: PortalLinksService,
  ) {}

  @Post('sign-in')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Sign in with email and password; sets the pm_session cookie' })
  async signInWithPassword(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() dto: SignInDto,
  ): Promise<MeView> {
    this.cookies.refuseForeignOrigin(request);
    const user = await this.signIn.verify(dto.email, dto.password, request.ip).catch((error) => {
      if (error instanceof SignInThrottled) {
        reply.header('retry-after', String(error.retryAfterSeconds));
      }
      throw error;
    });
    return this.startSession(request, reply, user);
  }

  // Needs no CSRF token: the worst a forged request could do is sign someone out.
  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session and clear its cookie' })
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.cookies.end(request, reply);
  }

  @Get('invites/:token')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Who an open invite is for' })
  async invite(@Param('token') token: string): Promise<InviteView> {
    const user = await this.users.findInvited(token);
    if (!user) throw inviteInvalid();
    return { email: user.email, name: user.name };
  }

  @Post('invites/:token/accept')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Choose a password with an invite; signs the user in' })
  async acceptInvite(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
    @Body() dto: AcceptInviteDto,
  ): Promise<MeView> {
    this.cookies.refuseForeignOrigin(request);
    const user = await this.users.acceptInvite(token, dto.password);
    if (!user) throw inviteInvalid();
    return this.startSession(request, reply, user);
  }

  // A link followed from the network's own platform: a session as the partner, then the console.
  @Get('portal/:token')
  @Redirect(PORTAL_LINK_INVALID, 302)
  @ApiOperation({
    summary: 'Open a portal link: sets a scoped session cookie and redirects to /app/',
  })
  @ApiFoundResponse({
    description: `To ${PORTAL_LANDING} signed in, or to ${PORTAL_LINK_INVALID} for a used, expired or unknown link`,
  })
  async openPortal(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<{ url: string }> {
    const scope = await this.portalLinks.redeem(token);
    if (scope) await this.cookies.start(request, reply, scope);
    // The token must not travel on in a Referer.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    return { url: scope ? PORTAL_LANDING : PORTAL_LINK_INVALID };
  }

  private async startSession(request: FastifyRequest, reply: FastifyReply, user: User) {
    const token = await this.cookies.start(request, reply, scopeOfUser(user));
    return meOfUser(user, csrfTokenOf(token));
  }
}
