import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { UsersService } from './users.service';

// ADMIN_EMAIL + ADMIN_PASSWORD: the first admin user, made by the processes that serve the API
// before they take requests. An existing user with that email is left exactly as it is.
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password, ROLE } = this.config;
    if (ROLE === 'worker' || !email || !password) return;
    if (await this.users.ensureAdmin(email, password)) {
      this.logger.log(`Created the admin user ${email} (ADMIN_EMAIL)`);
    }
  }
}
