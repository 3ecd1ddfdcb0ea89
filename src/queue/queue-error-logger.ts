import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { QUEUES } from './queue.constants';

const REPEAT_AFTER_MS = 30_000;

// A queue whose connection fails emits 'error'; unheard, that would crash the process, and
// Redis being away must never take the API down (SPEC §8). Logged at most every 30 s.
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queues');
  private lastLogged = 0;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', (error) => this.log(name, error));
    }
  }

  private log(queue: string, error: Error): void {
    if (Date.now() - this.lastLogged < REPEAT_AFTER_MS) return;
    this.lastLogged = Date.now();
    this.logger.warn(`${queue}: ${error.message}`);
  }
}
