import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { extractApiKey } from '../common/auth/access-decision';
import { ApiKeysService } from '../common/auth/api-keys.service';
import { QUEUES } from './job-registry';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

// Bull Board for admins. A browser gets a Basic prompt (any user name, the admin API key as
// password); scripts may send the usual Bearer key.
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name))),
    ),
    serverAdapter: board,
  });
  const apiKeys = app.get(ApiKeysService);
  await app
    .getHttpAdapter()
    .getInstance()
    .register(async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const key = extractApiKey(request.headers) ?? basicPassword(request.headers.authorization);
        const principal = key ? await apiKeys.authenticate(key) : null;
        if (principal?.role === 'admin') return;
        await reply
          .code(401)
          .header('www-authenticate', 'Basic realm="Postback Manager queues", charset="UTF-8"')
          .send({
            statusCode: 401,
            error: 'unauthorized',
            message: 'An admin API key is required',
            details: [],
          });
      });
      await scope.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
}

function basicPassword(authorization: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}
