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
import {
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi/api-docs';
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
  @ApiOkResponse({ type: MeView })
  @ApiErrors(
    400,
    [401, 'Email or password is incorrect'],
    [403, 'A foreign Origin'],
    [429, 'Too many failed sign-ins; retry after the Retry-After seconds'],
  )
  async signInWithPassword(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() dto: SignInDto,
  ): Promise<MeView> {
    this.cookies.refuseForeignOrigin(request);
    const user = await withRetryAfter(
      reply,
      this.signIn.verify(dto.email, dto.password, request.ip),
    );
    return this.startSession(request, reply, user);
  }

  // Needs no CSRF token: the worst a forged request could do is sign someone out.
  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session and clear its cookie' })
  @ApiNoContentResponse()
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.cookies.end(request, reply);
  }

  @Get('invites/:token')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Who an open invite is for' })
  @ApiOkResponse({ type: InviteView })
  @ApiErrors([404, 'The invite was used, has expired or is unknown'])
  async invite(@Param('token') token: string): Promise<InviteView> {
    const user = await this.users.findInvited(token);
    if (!user) throw inviteInvalid();
    return { email: user.email, name: user.name };
  }

  @Post('invites/:token/accept')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Choose a password with an invite; signs the user in' })
  @ApiOkResponse({ type: MeView })
  @ApiErrors(
    400,
    [403, 'A foreign Origin'],
    [404, 'The invite was used, has expired or is unknown'],
    [429, 'Too many failed attempts from this address; retry after the Retry-After seconds'],
  )
  async acceptInvite(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
    @Body() dto: AcceptInviteDto,
  ): Promise<MeView> {
    this.cookies.refuseForeignOrigin(request);
    const user = await withRetryAfter(
      reply,
      this.signIn.acceptInvite(token, dto.password, request.ip),
    );
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

// A throttled attempt says when to come back.
async function withRetryAfter<T>(reply: FastifyReply, attempt: Promise<T>): Promise<T> {
  try {
    return await attempt;
  } catch (error) {
    if (error instanceof SignInThrottled) {
      reply.header('retry-after', String(error.retryAfterSeconds));
    }
    throw error;
  }
}
