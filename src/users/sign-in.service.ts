import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { randomToken } from '../common/ids';
import { hashPassword, verifyPassword } from './password-hash';
import { SignInThrottle } from './sign-in-throttle';
import { User } from './user.entity';
import { UsersService } from './users.service';

// One answer for every refusal, so it never says which emails exist.
export const invalidCredentials = () =>
  new DomainError(401, 'invalid_credentials', 'Email or password is incorrect');

export class SignInThrottled extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many failed sign-ins; try again later');
  }
}

// Checks an email and password. Unknown emails, disabled users and users without a password
// cost the same scrypt work as a real check (against a hash of nothing anyone knows), so the
// time taken doesn't tell them apart either.
@Injectable()
export class SignInService {
  private readonly throttle = new SignInThrottle();
  private readonly dummyHash: Promise<string> = hashPassword(randomToken(16));

  constructor(private readonly users: UsersService) {}

  async verify(email: string, password: string, ip: string): Promise<User> {
    const emailKey = email.trim().toLowerCase();
    const waitMs = this.throttle.begin(emailKey, ip);
    if (waitMs > 0) throw new SignInThrottled(Math.ceil(waitMs / 1000));
    const user = await this.users.findWithPassword(emailKey);
    const usable = user !== null && !user.disabled && user.passwordHash !== null;
    const matches = await verifyPassword(
      password,
      usable ? user.passwordHash! : await this.dummyHash,
    );
    if (!usable || !matches) throw invalidCredentials();
    this.throttle.succeeded(emailKey, ip);
    await this.users.recordSignIn(user.id);
    return user;
  }

  // An invite's token is checked here, throttled per address as sign-ins are; null = no open
  // invite has it.
  async acceptInvite(token: string, password: string, ip: string): Promise<User | null> {
    const waitMs = this.throttle.beginInvite(ip);
    if (waitMs > 0) throw new SignInThrottled(Math.ceil(waitMs / 1000));
    const user = await this.users.acceptInvite(token, password);
    if (user) this.throttle.inviteAccepted(ip);
    return user;
  }
}
