import { AddressPolicy } from '../delivery/address-policy';
import {
  checkRule,
  destinationIssue,
  fieldIssues,
  RuleIssue,
  sampleWithStatus,
} from './postback-rule-checks';
import { isSigningSecret } from './postback-validators';
import { defaultRuleFields } from './rule-fields';
import { RuleFields } from './rule-fields-view';

const policy = new AddressPolicy([]);

function rule(overrides: Partial<RuleFields> = {}): RuleFields {
  return {
    ...defaultRuleFields(),
    name: 'Rule',
    type: 'conversion',
    url: 'https://trk.example/pb?id={external_transaction_id}&s={status}',
    ...overrides,
  };
}

const pairs = (issues: RuleIssue[]) => issues.map((i) => [i.field, i.code]);

describe('fieldIssues', () => {
  it('accepts the defaults', () => {
    expect(fieldIssues(rule())).toEqual([]);
  });

  it('refuses a body on a GET, and a content type on a GET without body', () => {
    expect(pairs(fieldIssues(rule({ body: 'a=1' })))).toEqual([['body', 'body_not_allowed']]);
    expect(pairs(fieldIssues(rule({ contentType: 'application/json' })))).toEqual([
      ['contentType', 'content_type_not_allowed'],
    ]);
    expect(
      fieldIssues(rule({ method: 'PUT', body: '{}', contentType: 'application/json' })),
    ).toEqual([]);
  });

  it('allows rejection reasons only with rejected, events only on event rules', () => {
    expect(pairs(fieldIssues(rule({ rejectionReasons: ['fraud'] })))).toEqual([
      ['rejectionReasons', 'rejection_reasons_not_allowed'],
    ]);
    expect(fieldIssues(rule({ statuses: ['rejected'], rejectionReasons: ['fraud'] }))).toEqual([]);
    expect(pairs(fieldIssues(rule({ events: ['deposit'] })))).toEqual([
      ['events', 'events_not_allowed'],
    ]);
    expect(fieldIssues(rule({ type: 'event', events: ['deposit'] }))).toEqual([]);
  });

  it('names the bad header entry', () => {
    const headers = {
      'X-A': 'ok',
      'x-a': 'again',
      'Webhook-Signature': 'v1,x',
      'X-Num': 5 as unknown as string,
      'X-Long': 'v'.repeat(8193),
    };
    expect(pairs(fieldIssues(rule({ headers })))).toEqual([
      ['headers.x-a', 'duplicate_header'],
      ['headers.Webhook-Signature', 'reserved_header'],
      ['headers.X-Num', 'invalid_header'],
      ['headers.X-Long', 'invalid_header'],
    ]);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-${i}`, 'v']));
    expect(pairs(fieldIssues(rule({ headers: many })))).toEqual([['headers', 'too_many_headers']]);
  });

  it('names the bad statusMap entry', () => {
    const statusMap = { approved: 'sale', won: 'x', pending: '', rejected: 'r'.repeat(65) };
    expect(pairs(fieldIssues(rule({ statusMap })))).toEqual([
      ['statusMap.won', 'unknown_status'],
      ['statusMap.pending', 'invalid_status_value'],
      ['statusMap.rejected', 'invalid_status_value'],
    ]);
  });
});

describe('checkRule', () => {
  it('adds template lint errors and warnings', () => {
    const result = checkRule(rule({ url: 'http://trk.example/pb?id={clikid}' }), {
      publisherOwned: true,
      policy,
    });
    expect(pairs(result.errors)).toEqual([['url', 'unknown_macro']]);
    expect(result.warnings.map((w) => w.code)).toContain('http_not_https');
  });

  it('refuses network-only macros only in publisher-owned rules', () => {
    const revenue = rule({ url: 'https://trk.example/pb?id={sub1}&r={revenue}' });
    expect(pairs(checkRule(revenue, { publisherOwned: true, policy }).errors)).toEqual([
      ['url', 'network_only_macro'],
    ]);
    expect(checkRule(revenue, { publisherOwned: false, policy }).errors).toEqual([]);
  });

  it('renders {status} through statusMap', () => {
    const result = checkRule(rule({ statusMap: { approved: 'sale' } }), {
      publisherOwned: true,
      policy,
    });
    expect(result.rendered.url).toBe('https://trk.example/pb?id=kt9f3a2b1c0d&s=sale');
  });

  it('checks the destination only when the URL itself is valid', () => {
    const metadata = rule({ url: 'http://169.254.169.254/{clikid}' });
    expect(pairs(checkRule(metadata, { publisherOwned: true, policy }).errors)).toEqual([
      ['url', 'unknown_macro'],
    ]);
  });

  it('warns about conversion settings on click and impression rules', () => {
    const click = rule({ type: 'click', statuses: ['pending'], statusMap: { pending: 'lead' } });
    const warnings = checkRule(click, { publisherOwned: true, policy }).warnings;
    expect(pairs(warnings)).toEqual([
      ['statuses', 'field_ignored'],
      ['statusMap', 'field_ignored'],
    ]);
  });
});

describe('sampleWithStatus', () => {
  const map = { approved: 'sale', rejected: 'trash' };

  it('maps the built-in status, or the sample status, keeping raw_status raw', () => {
    expect(sampleWithStatus(map)).toEqual({ status: 'sale', raw_status: 'approved' });
    expect(sampleWithStatus(map, { status: 'rejected' })).toEqual({
      status: 'trash',
      raw_status: 'rejected',
    });
    expect(sampleWithStatus(map, { raw_status: 'rejected' })).toEqual({
      status: 'trash',
      raw_status: 'rejected',
    });
  });

  it('passes unmapped and odd values through for the linter to judge', () => {
    expect(sampleWithStatus(map, { status: 'pending' }).status).toBe('pending');
    expect(sampleWithStatus({}, { status: 'constructor' }).status).toBe('constructor');
    expect(sampleWithStatus(map, { status: null })).toEqual({ status: null });
    expect(sampleWithStatus(map, { status: { a: 1 } })).toEqual({ status: { a: 1 } });
  });
});

describe('destinationIssue', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.1/',
    'http://127.0.0.1:8080/x',
    'http://[::1]/',
    'http://[fd00:ec2::254]/',
    'http://0x7f.1/',
    'http://0.0.0.0/',
  ])('refuses %s', (url) => {
    expect(destinationIssue(url, policy)).toMatchObject({
      field: 'url',
      code: 'destination_not_allowed',
    });
  });

  it.each([
    'https://8.8.8.8/',
    'https://[2606:4700::1111]/',
    'http://localhost/',
    'https://a.example/',
  ])('leaves %s to the sender (public, or a name resolved at connect time)', (url) => {
    expect(destinationIssue(url, policy)).toBeUndefined();
  });

  it('opens ranges listed in POSTBACK_ALLOWED_CIDRS', () => {
    const open = new AddressPolicy(['127.0.0.0/8']);
    expect(destinationIssue('http://127.0.0.1:9999/', open)).toBeUndefined();
    expect(destinationIssue('http://10.0.0.1/', open)).toBeDefined();
  });
});

describe('isSigningSecret', () => {
  const secret = (bytes: number) => `whsec_${Buffer.alloc(bytes, 9).toString('base64')}`;

  it('accepts whsec_ + canonical base64 of 24 to 64 bytes', () => {
    for (const bytes of [24, 32, 64]) expect(isSigningSecret(secret(bytes))).toBe(true);
  });

  it('refuses anything else', () => {
    for (const value of [
      secret(23),
      secret(65),
      secret(32).slice(6),
      `${secret(32)}\n`,
      'whsec_' + 'A'.repeat(31),
      'whsec_' + '!'.repeat(32),
      null,
      32,
    ]) {
      expect(isSigningSecret(value)).toBe(false);
    }
  });
});
