import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { timeoutError, withTimeout } from '../common/timeout';
import { QUEUES } from '../queue/job-registry';
import { CheckView, LivenessView, ReadinessView } from './health-views';

const CHECK_TIMEOUT_MS = 2000;

async function check(probe: () => Promise<unknown>): Promise<CheckView> {
  try {
    await withTimeout(
      probe(),
      CHECK_TIMEOUT_MS,
      timeoutError(`timed out after ${CHECK_TIMEOUT_MS} ms`),
    );
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.deliveries) private readonly deliveries: Queue,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessView })
  live(): LivenessView {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis are reachable' })
  @ApiOkResponse({ type: ReadinessView, description: 'Both reachable' })
  @ApiServiceUnavailableResponse({
    type: ReadinessView,
    description: 'One is not; checks say which',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessView> {
    const [postgres, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.deliveries.getJobCountByTypes('waiting')),
    ]);
    const ok = postgres.ok && redis.ok;
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } };
  }
}
