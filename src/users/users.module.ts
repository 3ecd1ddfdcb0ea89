import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { AuthGuard } from '../common/auth/auth.guard';
import { CatalogModule } from '../catalog/catalog.module';
import { AuthModule } from '../common/auth/auth.module';
import { SESSION_AUTHENTICATOR } from '../common/auth/session-authenticator';
import { SharedRateLimiter } from '../common/auth/shared-rate-limiter';
import { QueueModule } from '../queue/queue.module';
import { AdminBootstrap } from './admin-bootstrap';
import { AuthController } from './auth.controller';
import { CookieSessions } from './cookie-sessions';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { PortalLinksController } from './portal-links.controller';
import { PortalLinksService } from './portal-links.service';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

// People, their sessions, invites and portal links (SPEC §11). Registers the app-wide guard
// (APP_GUARD: resolved here, applied to every route), which takes API keys from AuthModule and
// session cookies from here, and counts each caller's requests in Redis (SharedRateLimiter).
@Module({
  imports: [AuditModule, AuthModule, CatalogModule, QueueModule],
  controllers: [AuthController, MeController, UsersController, PortalLinksController],
  providers: [
    UsersService,
    SessionsService,
    PortalLinksService,
    SignInService,
    MeService,
    CookieSessions,
    AdminBootstrap,
    SharedRateLimiter,
    { provide: SESSION_AUTHENTICATOR, useExisting: CookieSessions },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SessionsService, PortalLinksService],
})
export class UsersModule {}
