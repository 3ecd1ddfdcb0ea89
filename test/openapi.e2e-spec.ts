import { exampleFields } from '../src/presets/preset-renderer';
import { findPreset } from '../src/presets/preset-catalog';
import { intakeGet } from './helpers/conversion-fixtures';
import {
  OpenApiDoc,
  Operation,
  operationsOf,
  propertiesOf,
  resolve,
  Route,
  routesOf,
  schemaProblems,
  validatedProperties,
} from './helpers/openapi-doc';
import { Receiver } from './helpers/receiver';
import { Browser } from './helpers/session-fixtures';
import { ApiResponse, TestApp } from './helpers/test-app';
import { rawGet } from './helpers/tracking-fixtures';

// Writes that take no body at all.
const BODYLESS_WRITES = new Set([
  'POST /api/advertisers/{id}/rotate-postback-key',
  'POST /api/postback-logs/{id}/retry',
  'POST /api/users/{id}/invite',
  'POST /api/publishers/{id}/portal-link',
  'POST /api/advertisers/{id}/portal-link',
  'POST /auth/sign-out',
]);

// Operations whose success answer is not JSON: they document it with its own media type, or
// have no body.
const NO_JSON_BODY = new Set([
  'GET /click', // 302 to the offer
  'GET /impression', // a 1×1 GIF
  'GET /postback/{postbackKey}', // OK, the return text or a GIF
  'POST /postback/{postbackKey}',
  'GET /api/postback-logs/export', // CSV
  'GET /metrics', // Prometheus text
  'DELETE /api/api-keys/{id}', // 204
  'DELETE /api/postbacks/{id}', // 204
  'DELETE /api/users/{id}', // 204
  'DELETE /api/publishers/{id}/portal-sessions', // 204
  'DELETE /api/advertisers/{id}/portal-sessions', // 204
  'DELETE /api/notification-endpoints/{id}', // 204
  'POST /auth/sign-out', // 204
  'GET /auth/portal/{token}', // 302 into the console
]);

// Lists that answer everything in one page (nextCursor always null): no limit or cursor.
const SINGLE_PAGE_LISTS = new Set(['GET /api/api-keys', 'GET /api/currency-rates']);

// Error statuses whose answer is not an error: readiness's 503 carries its checks.
const NOT_ERRORS = new Set(['GET /health/ready 503']);

const ALL_ROLES = ['admin', 'publisher', 'advertiser'];

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  let operations: Operation[];
  let routes: Map<string, Route>;

  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    const res = await t.get('/docs-json', { key: null });
    expect(res.status).toBe(200);
    doc = res.body;
    operations = operationsOf(doc);
    routes = new Map(routesOf(t.app).map((route) => [route.operationId, route]));
  });

  afterAll(async () => {
    await t?.stop();
  });

  const routeOf = (operation: Operation) => routes.get(operation.op.operationId)!;
  // 2xx, and the click's 302.
  const successes = (operation: Operation) =>
    Object.keys(operation.op.responses).filter((status) => /^[23]\d\d$/.test(status));
  // Every operation failing `check`, by label: an empty list reads best when it fails.
  const failing = (check: (operation: Operation) => boolean) =>
    operations.filter((operation) => !check(operation)).map((operation) => operation.label);

  describe('every operation', () => {
    it('is a route of the app, and every route is in the document', () => {
      expect(operations.length).toBeGreaterThan(40);
      expect(operations.map((o) => o.op.operationId).sort()).toEqual([...routes.keys()].sort());
    });

    it('has a summary in words and a tag', () => {
      expect(failing(({ op }) => /\w+ \w+/.test(op.summary ?? ''))).toEqual([]);
      expect(failing(({ op }) => op.tags?.length > 0)).toEqual([]);
    });

    it('declares every {param} of its path, with a schema', () => {
      expect(
        failing(({ path, op }) =>
          [...path.matchAll(/\{(\w+)\}/g)].every(([, name]) =>
            op.parameters.some(
              (p: any) => p.in === 'path' && p.name === name && p.required && p.schema?.type,
            ),
          ),
        ),
      ).toEqual([]);
    });

    it('lists every field of its query DTO as a query parameter with a schema', () => {
      const withQuery = operations.filter((o) => routeOf(o).queryDto);
      expect(withQuery.length).toBeGreaterThan(10);
      const missing = withQuery.flatMap((operation) => {
        const declared = operation.op.parameters
          .filter((p: any) => p.in === 'query' && (p.schema?.type || p.schema?.$ref))
          .map((p: any) => p.name);
        return validatedProperties(routeOf(operation).queryDto!)
          .filter((name) => !declared.includes(name))
          .map((name) => `${operation.label} ?${name}`);
      });
      expect(missing).toEqual([]);
    });

    it('has a request body schema with properties on every POST, PUT and PATCH that takes one', () => {
      const writes = operations.filter((o) => ['post', 'put', 'patch'].includes(o.method));
      const bodyProperties = ({ op }: Operation) =>
        Object.values(op.requestBody?.content ?? {}).flatMap((media: any) =>
          Object.keys(propertiesOf(doc, media.schema)),
        );
      expect(
        writes
          .filter((o) => !BODYLESS_WRITES.has(o.label) && bodyProperties(o).length === 0)
          .map((o) => o.label),
      ).toEqual([]);
      // and the body DTO's every field is in it
      const missing = writes
        .filter((o) => routeOf(o).bodyDto)
        .flatMap((operation) =>
          validatedProperties(routeOf(operation).bodyDto!)
            .filter((name) => !bodyProperties(operation).includes(name))
            .map((name) => `${operation.label} body.${name}`),
        );
      expect(missing).toEqual([]);
      expect(failing((o) => !BODYLESS_WRITES.has(o.label) || !o.op.requestBody)).toEqual([]);
    });

    it('documents the success status its route answers', () => {
      expect(failing((o) => successes(o).length > 0)).toEqual([]);
      expect(
        failing((o) => {
          const status = routeOf(o).defaultStatus;
          return status === undefined || successes(o).includes(String(status));
        }),
      ).toEqual([]);
    });

    it('gives every JSON success answer a schema with content, the rest their media type', () => {
      const hasJsonSchema = ({ op }: Operation, status: string) => {
        const schema = resolve(doc, op.responses[status].content?.['application/json']?.schema);
        return !!schema && (!!schema.items || Object.keys(propertiesOf(doc, schema)).length > 0);
      };
      expect(
        failing((o) => NO_JSON_BODY.has(o.label) || successes(o).every((s) => hasJsonSchema(o, s))),
      ).toEqual([]);
      // The exceptions still say what they answer: a media type with a schema, or no body.
      expect(
        failing(
          (o) =>
            !NO_JSON_BODY.has(o.label) ||
            successes(o).every((status) =>
              Object.values(o.op.responses[status].content ?? {}).every((m: any) => m.schema),
            ),
        ),
      ).toEqual([]);
    });

    it('needs no key on public routes and the bearer or X-Api-Key key on the rest', () => {
      const publicOnes = operations.filter((o) => routeOf(o).isPublic).map((o) => o.label);
      expect(publicOnes.sort()).toEqual([
        'GET /auth/invites/{token}',
        'GET /auth/portal/{token}',
        'GET /click',
        'GET /health',
        'GET /health/ready',
        'GET /impression',
        'GET /postback/{postbackKey}',
        'POST /auth/invites/{token}/accept',
        'POST /auth/sign-in',
        'POST /auth/sign-out',
        'POST /postback/{postbackKey}',
      ]);
      expect(failing(({ op }) => Array.isArray(op.security))).toEqual([]);
      expect(
        failing((o) =>
          routeOf(o).isPublic
            ? o.op.security.length === 0 &&
              (!o.op.responses['401'] || o.label === 'POST /auth/sign-in') // wrong password
            : JSON.stringify(o.op.security) ===
                JSON.stringify(['bearer', 'apiKey', 'session'].map((n) => ({ [n]: [] }))) &&
              !!o.op.responses['401'] &&
              !!o.op.responses['429'],
        ),
      ).toEqual([]);
    });

    it('documents 403 where its roles leave a role out', () => {
      const restricted = operations.filter((o) => {
        const roles = routeOf(o).roles;
        return roles !== undefined && ALL_ROLES.some((role) => !roles.includes(role));
      });
      expect(restricted.length).toBeGreaterThan(20);
      expect(restricted.filter((o) => !o.op.responses['403']).map((o) => o.label)).toEqual([]);
    });

    it('describes every error with the one ErrorBody schema', () => {
      const errors = operations.flatMap((o) =>
        Object.entries(o.op.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, response]: [string, any]) => ({
            label: `${o.label} ${status}`,
            response,
          })),
      );
      expect(errors.length).toBeGreaterThan(100);
      expect(
        errors
          .filter(
            ({ label, response }) =>
              !NOT_ERRORS.has(label) &&
              (response.content?.['application/json']?.schema?.$ref !==
                '#/components/schemas/ErrorBody' ||
                !response.description),
          )
          .map((e) => e.label),
      ).toEqual([]);
    });

    it('takes limit and cursor on every paginated list', () => {
      const lists = operations.filter((o) => {
        const schema = o.op.responses['200']?.content?.['application/json']?.schema;
        return schema && 'nextCursor' in propertiesOf(doc, schema);
      });
      expect(lists.length).toBeGreaterThan(8);
      expect(
        lists
          .filter((o) => !SINGLE_PAGE_LISTS.has(o.label))
          .filter((o) => {
            const names = o.op.parameters.map((p: any) => p.name);
            return !names.includes('limit') || !names.includes('cursor');
          })
          .map((o) => o.label),
      ).toEqual([]);
    });
  });

  describe('in detail', () => {
    it('names no schema it could not read (a type the plugin saw as a bare Object)', () => {
      expect(Object.keys(doc.components.schemas)).not.toContain('Object');
    });

    it('shows the SPEC §3 error shape', () => {
      const errorBody = doc.components.schemas.ErrorBody;
      expect(errorBody.required).toEqual(['statusCode', 'error', 'message', 'details']);
      expect(propertiesOf(doc, errorBody.properties.details.items)).toHaveProperty('field');
    });

    it('declares the bearer, X-Api-Key and session cookie schemes', () => {
      expect(doc.components.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
        session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'pm_session' }),
      });
    });

    it('carries the rule DTO’s enums and limits', () => {
      const rule = propertiesOf(doc, doc.components.schemas.CreatePostbackRuleDto);
      expect(rule.method).toMatchObject({ type: 'string', enum: ['GET', 'POST', 'PUT'] });
      expect(rule.maxAttempts).toMatchObject({ type: 'integer', minimum: 1, maximum: 20 });
      expect(rule.delaySeconds).toMatchObject({ minimum: 0, maximum: 30 * 24 * 3600 });
      expect(rule.offerIds).toMatchObject({ type: 'array', maxItems: 1000 });
      expect(rule.offerIds.items).toMatchObject({ type: 'integer', minimum: 1 });
      expect(rule.statusMap).toBeDefined();
      expect(doc.components.schemas.CreatePostbackRuleDto.required).toEqual(
        expect.arrayContaining(['name', 'type', 'url']),
      );
    });

    it('lists rules as {items, nextCursor} of the rule view with its health', () => {
      const schema =
        doc.paths['/api/postbacks'].get.responses['200'].content['application/json'].schema;
      expect(schema.required).toEqual(['items', 'nextCursor']);
      expect(schema.properties.nextCursor).toMatchObject({ type: 'string', nullable: true });
      const item = propertiesOf(doc, schema.properties.items.items);
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(['id', 'name', 'url', 'statuses', 'hasSigningSecret', 'health']),
      );
      expect(item).not.toHaveProperty('signingSecret');
    });

    it('shows money as decimal strings and times as date-time', () => {
      const offer = propertiesOf(doc, doc.components.schemas.OfferView);
      expect(offer.payout.type).toBe('string');
      expect(offer.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
      const created = propertiesOf(doc, doc.components.schemas.CreateOfferDto);
      expect(created.revenue).toMatchObject({ type: 'string', pattern: expect.any(String) });
      const range = doc.paths['/api/conversions'].get.parameters.find(
        (p: any) => p.name === 'from',
      );
      expect(range.schema).toMatchObject({ type: 'string', format: 'date-time' });
    });
  });

  // The document against real answers: each is checked against the schema documented for its
  // status, so a view that grows a field, loses one or changes its type fails here.
  describe('answers as documented', () => {
    let receiver: Receiver;

    beforeAll(async () => {
      receiver = await Receiver.start();
    });

    afterAll(async () => {
      await receiver?.stop();
    });

    function expectDocumented(res: ApiResponse, method: string, path: string) {
      const response = doc.paths[path][method.toLowerCase()].responses[String(res.status)];
      expect({ [`${method} ${path}`]: res.status, documented: !!response }).toEqual({
        [`${method} ${path}`]: res.status,
        documented: true,
      });
      const schema = response.content?.['application/json']?.schema;
      if (schema) expect(schemaProblems(doc, schema, res.body)).toEqual([]);
      return res.body;
    }

    const call = async (
      method: string,
      path: string,
      url: string = path,
      body?: unknown,
      key?: string | null,
    ) => expectDocumented(await t.call(method, url, { body, key }), method, path);

    it('for the catalog, keys, tracking, conversions, rules, logs and operations', async () => {
      const advertiser = await call('POST', '/api/advertisers', undefined, { name: 'Adv' });
      await call('GET', '/api/advertisers');
      await call('GET', '/api/advertisers/{id}', `/api/advertisers/${advertiser.id}`);
      await call('PATCH', '/api/advertisers/{id}', `/api/advertisers/${advertiser.id}`, {
        name: 'Adv 2',
      });
      const publisher = await call('POST', '/api/publishers', undefined, { name: 'Pub' });
      await call('GET', '/api/publishers/{id}', `/api/publishers/${publisher.id}`);
      const offer = await call('POST', '/api/offers', undefined, {
        name: 'Offer',
        advertiserId: advertiser.id,
        url: 'https://adv.example/lp?click={transaction_id}',
        payout: '10.5',
        revenue: '15',
        currency: 'USD',
      });
      const createKey = async (body: object) =>
        (await call('POST', '/api/api-keys', undefined, { name: 'key', ...body })).key;
      const publisherKey = await createKey({ role: 'publisher', publisherId: publisher.id });
      const advertiserKey = await createKey({ role: 'advertiser', advertiserId: advertiser.id });
      await call('GET', '/api/api-keys');
      for (const key of [undefined, publisherKey, advertiserKey]) {
        await call('GET', '/api/offers', '/api/offers', undefined, key);
        await call('GET', '/api/offers/{id}', `/api/offers/${offer.id}`, undefined, key);
      }
      await call(
        'GET',
        '/api/offers/{id}/tracking-link',
        `/api/offers/${offer.id}/tracking-link?presetId=keitaro`,
        undefined,
        publisherKey,
      );

      const visit = `offer_id=${offer.id}&aff_id=${publisher.id}&sub1=s&external_transaction_id=e1`;
      const click = await rawGet(t, `/click?${visit}`);
      expect(click.status).toBe(302);
      expect(doc.paths['/click'].get.responses['302']).toBeDefined();
      expect((await rawGet(t, `/impression?${visit}`)).status).toBe(200);
      const clicks = await call('GET', '/api/clicks');
      const transactionId = clicks.items[0].transactionId;
      await call('GET', '/api/clicks/{transactionId}', `/api/clicks/${transactionId}`);
      const impressions = await call('GET', '/api/impressions', undefined, undefined, publisherKey);
      await call('GET', '/api/impressions/{id}', `/api/impressions/${impressions.items[0].id}`);

      const rule = await call('POST', '/api/postbacks', undefined, {
        name: 'Tracker',
        type: 'conversion',
        publisherId: publisher.id,
        url: receiver.url('/pb?subid={external_transaction_id}&status={status}'),
        headers: { 'X-Token': 'abc' },
        statusMap: { approved: 'sale' },
      });
      await call('GET', '/api/postbacks', '/api/postbacks', undefined, publisherKey);
      await call('GET', '/api/postbacks/{id}', `/api/postbacks/${rule.id}`);
      await call('PATCH', '/api/postbacks/{id}', `/api/postbacks/${rule.id}`, { maxAttempts: 3 });
      await call('GET', '/api/postbacks/{id}/health', `/api/postbacks/${rule.id}/health`);
      await call('POST', '/api/postbacks/preview', undefined, {
        type: 'conversion',
        publisherId: publisher.id,
        url: 'http://trk.example/pb?status={status}&x={nope}',
      });
      const test = await call(
        'POST',
        '/api/postbacks/{id}/test',
        `/api/postbacks/${rule.id}/test`,
        {
          sample: { status: 'approved', payout: 1 },
        },
      );
      expect(test.attempts).toHaveLength(1);

      const report = () =>
        call(
          'POST',
          '/api/conversions',
          undefined,
          { transactionId, payout: '2.5' },
          advertiserKey,
        );
      const conversion = await report();
      const again = await report();
      expect(again.duplicate).toBe(true);
      for (const key of [undefined, publisherKey, advertiserKey]) {
        await call('GET', '/api/conversions', '/api/conversions', undefined, key);
      }
      await call('GET', '/api/conversions/{id}', `/api/conversions/${conversion.id}`);
      await call('PATCH', '/api/conversions/{id}', `/api/conversions/${conversion.id}`, {
        payout: '3',
      });

      await receiver.waitFor('/pb', 2);
      const logs = await call('GET', '/api/postback-logs');
      const logId = logs.items[0].id;
      await call('GET', '/api/postback-logs/{id}', `/api/postback-logs/${logId}`);
      await call('POST', '/api/postback-logs/{id}/retry', `/api/postback-logs/${logId}/retry`);
      await call('POST', '/api/postback-logs/retry', undefined, { postbackId: rule.id });

      const intake = await intakeGet(t, advertiser.postbackKey, { transaction_id: transactionId });
      expectDocumented(intake, 'GET', '/postback/{postbackKey}');
      await call('GET', '/api/intake-logs', '/api/intake-logs', undefined, advertiserKey);

      await call('PUT', '/api/currency-rates/{code}', '/api/currency-rates/eur', { rate: '1.08' });
      await call('GET', '/api/currency-rates');
      await call('GET', '/api/postback-presets');
      await call(
        'POST',
        '/api/postback-presets/{id}/render',
        '/api/postback-presets/keitaro/render',
        {
          fields: exampleFields(findPreset('keitaro')!),
          publisherId: publisher.id,
        },
      );
      await call('GET', '/health', '/health', undefined, null);
      await call('GET', '/health/ready', '/health/ready', undefined, null);
      await call('DELETE', '/api/postbacks/{id}', `/api/postbacks/${rule.id}`);
      await call(
        'POST',
        '/api/advertisers/{id}/rotate-postback-key',
        `/api/advertisers/${advertiser.id}/rotate-postback-key`,
      );
      // Every change above is in it, redacted values and bulk retry counts included.
      const audit = await call('GET', '/api/audit-log', '/api/audit-log?limit=500');
      expect(audit.items.length).toBeGreaterThan(10);
      await call('GET', '/api/audit-log', '/api/audit-log', undefined, publisherKey);
    });

    it('for users, sign-in, /api/me, invites and portal links', async () => {
      const password = 'a long enough password';
      const user = await call('POST', '/api/users', undefined, {
        email: 'documented@net.example',
        name: 'Documented',
        role: 'admin',
        password,
      });
      await call('GET', '/api/users');
      await call('GET', '/api/users/{id}', `/api/users/${user.id}`);
      await call('PATCH', '/api/users/{id}', `/api/users/${user.id}`, { name: 'Renamed' });
      const invited = await call('POST', '/api/users', undefined, {
        email: 'invited@net.example',
        name: 'Invited',
        role: 'admin',
      });
      expect(invited.inviteUrl).toEqual(expect.any(String));
      const invite = await call(
        'POST',
        '/api/users/{id}/invite',
        `/api/users/${invited.id}/invite`,
      );
      const token = invite.inviteUrl.split('/app/invite/')[1];
      await call('GET', '/auth/invites/{token}', `/auth/invites/${token}`, undefined, null);
      const accepted = await call(
        'POST',
        '/auth/invites/{token}/accept',
        `/auth/invites/${token}/accept`,
        { password },
        null,
      );
      expect(accepted.via).toBe('session');
      const unknown = await call(
        'GET',
        '/auth/invites/{token}',
        '/auth/invites/nope',
        undefined,
        null,
      );
      expect(unknown.error).toBe('invite_invalid');

      const credentials = { email: 'documented@net.example', password };
      const me = await call('POST', '/auth/sign-in', undefined, credentials, null);
      expect(me.userId).toBe(user.id);
      const wrong = { ...credentials, password: 'not the password' };
      const refused = await call('POST', '/auth/sign-in', undefined, wrong, null);
      expect(refused.error).toBe('invalid_credentials');
      await call('GET', '/api/me');
      const browser = new Browser(t);
      await browser.signIn(credentials.email, password);
      expect(expectDocumented(await browser.get('/api/me'), 'GET', '/api/me').via).toBe('session');
      expectDocumented(await browser.post('/auth/sign-out'), 'POST', '/auth/sign-out');

      const publisher = await call('POST', '/api/publishers', undefined, { name: 'Portal pub' });
      const advertiser = await call('POST', '/api/advertisers', undefined, { name: 'Portal adv' });
      const link = await call(
        'POST',
        '/api/publishers/{id}/portal-link',
        `/api/publishers/${publisher.id}/portal-link`,
      );
      await call(
        'POST',
        '/api/advertisers/{id}/portal-link',
        `/api/advertisers/${advertiser.id}/portal-link`,
      );
      const portal = await new Browser(t).get(`/auth/portal/${link.url.split('/auth/portal/')[1]}`);
      expect(portal.headers.location).toBe('/app/');
      expectDocumented(portal, 'GET', '/auth/portal/{token}');
      await call(
        'DELETE',
        '/api/publishers/{id}/portal-sessions',
        `/api/publishers/${publisher.id}/portal-sessions`,
      );
      await call(
        'DELETE',
        '/api/advertisers/{id}/portal-sessions',
        `/api/advertisers/${advertiser.id}/portal-sessions`,
      );
      await call('DELETE', '/api/users/{id}', `/api/users/${invited.id}`);
    });

    it('for errors', async () => {
      const notFound = await call('GET', '/api/advertisers/{id}', '/api/advertisers/999999');
      expect(notFound.error).toBe('not_found');
      const invalid = await call('POST', '/api/offers', undefined, { name: '' });
      expect(invalid.details.length).toBeGreaterThan(0);
      await call('GET', '/api/publishers', '/api/publishers', undefined, null);
      const gone = await call('GET', '/click', '/click?offer_id=999999&aff_id=1', undefined, null);
      expect(gone.error).toBe('offer_not_found');
    });
  });
});
