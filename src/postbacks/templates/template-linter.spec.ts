import { CLICK_MACROS, SAMPLE_VALUES } from './macros';
import type { LintIssue } from './lint-issue';
import { lintOfferUrl, lintPostbackTemplates, PostbackTemplatesInput } from './template-linter';

// SPEC §6 example rule.
const KEITARO_URL =
  'https://trk.example/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}';

function rule(overrides: Partial<PostbackTemplatesInput> = {}): PostbackTemplatesInput {
  return {
    method: 'GET',
    url: KEITARO_URL,
    headers: { 'X-Token': 'abc' },
    body: null,
    contentType: null,
    statuses: ['approved', 'rejected'],
    type: 'conversion',
    publisherOwned: true,
    ...overrides,
  };
}

const codes = (issues: LintIssue[]) => issues.map((i) => i.code);
const lint = (overrides: Partial<PostbackTemplatesInput>, sample?: Record<string, unknown>) =>
  lintPostbackTemplates(rule(overrides), sample);

describe('lintPostbackTemplates', () => {
  it('accepts the SPEC §6 Keitaro rule with no errors or warnings', () => {
    const result = lint({});
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rendered).toEqual({
      url: `https://trk.example/k3y/postback?subid=${SAMPLE_VALUES.external_transaction_id}&status=approved&payout=12.50&tid=${SAMPLE_VALUES.conversion_id}`,
      headers: { 'X-Token': 'abc' },
      body: null,
    });
  });

  describe('unknown_macro', () => {
    it('names the macro, its position and the closest known name', () => {
      const url = 'https://trk.example/k3y/postback?subid={clikid}&payout={payot}';
      const { errors } = lint({ url });
      expect(errors).toEqual([
        {
          code: 'unknown_macro',
          field: 'url',
          macro: 'clikid',
          position: url.indexOf('{clikid}'),
          message: `Unknown macro {clikid} at position ${url.indexOf('{clikid}')} in url; did you mean {external_transaction_id}?`,
        },
        expect.objectContaining({
          code: 'unknown_macro',
          macro: 'payot',
          message: expect.stringContaining('did you mean {payout}?'),
        }),
      ]);
    });

    it('reports uppercase names, far-off names and unknown modifiers', () => {
      const { errors } = lint({
        url: `${KEITARO_URL}&a={SUB1}&b={zzzzqqq}&c={sub2|html}`,
      });
      expect(errors.map((e) => [e.code, e.macro])).toEqual([
        ['unknown_macro', 'SUB1'],
        ['unknown_macro', 'zzzzqqq'],
        ['unknown_macro', 'sub2|html'],
      ]);
      expect(errors[0].message).toContain('did you mean {sub1}?');
      expect(errors[1].message).toContain('Unknown macro {zzzzqqq}');
      expect(errors[1].message).not.toContain('did you mean');
      expect(errors[2].message).toContain('{sub2|raw}');
    });

    it('names the header or body the macro is in', () => {
      const { errors } = lint({
        method: 'POST',
        headers: { 'X-Token': 'k-{tokn}' },
        body: 'a={nope}',
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(errors.map((e) => [e.field, e.position])).toEqual([
        ['headers.X-Token', 2],
        ['body', 2],
      ]);
      expect(errors[0].message).toContain('in header X-Token');
      expect(errors[1].message).toContain('in body');
    });

    it('accepts aliases and raw macros', () => {
      const url = 'https://t.example/p?c={aff_click_id}&p={publisher_id}&g={goal}&r={payout|raw}';
      expect(lint({ url }).errors).toEqual([]);
    });

    it('never sends an unknown macro literally in the preview', () => {
      const { rendered } = lint({ url: 'https://t.example/p?a={nope}&s={sub1}' });
      expect(rendered.url).toBe('https://t.example/p?a=&s=campaign42');
    });
  });

  describe('network_only_macro', () => {
    const overrides: Partial<PostbackTemplatesInput> = {
      url: `${KEITARO_URL}&rev={revenue}`,
      method: 'POST',
      body: '{"adv":"{advertiser_id}"}',
      contentType: 'application/json',
    };

    it('refuses revenue and advertiser_id in a publisher-owned rule', () => {
      const { errors } = lint(overrides);
      expect(errors.map((e) => [e.code, e.field, e.macro])).toEqual([
        ['network_only_macro', 'url', 'revenue'],
        ['network_only_macro', 'body', 'advertiser_id'],
      ]);
      expect(errors[0].position).toBe(overrides.url!.indexOf('{revenue}'));
      expect(errors[0].message).toContain('{revenue}');
    });

    it('allows them in a network-level rule', () => {
      expect(lint({ ...overrides, publisherOwned: false }).errors).toEqual([]);
    });
  });

  describe('invalid_characters', () => {
    it.each([
      ['a space', 'https://t.example/p?s={sub1}&x=a b', 'a space', 32],
      ['a tab', 'https://t.example/p?s={sub1}\t', 'a tab', 28],
      ['a line break', 'https://t.example/p?s={sub1}\n', 'a line break', 28],
      ['a leading space', ' https://t.example/p?s={sub1}', 'a space', 0],
      [
        'a zero-width space',
        'https://t.example/p?s={sub1}\u200B',
        'invisible character (U+200B)',
        28,
      ],
      ['a NUL', 'https://t.example/p?s={sub1}\u0000', 'control character (U+0000)', 28],
    ])('refuses %s in the URL template', (_label, url, description, position) => {
      const errors = lint({ url }).errors.filter((e) => e.code === 'invalid_characters');
      expect(errors).toHaveLength(1);
      expect(errors[0].field).toBe('url');
      expect(errors[0].position).toBe(position);
      expect(errors[0].message).toContain(description);
    });

    it('accepts percent-encoded text and non-ASCII paths', () => {
      expect(lint({ url: 'https://t.example/пост/a%20b?s={sub1}&status={status}' }).errors).toEqual(
        [],
      );
    });
  });

  describe('invalid_url', () => {
    it.each([
      ['no scheme', 'trk.example/postback?s={sub1}'],
      ['a relative path', '/postback?s={sub1}'],
      ['another scheme', 'ftp://trk.example/postback?s={sub1}'],
      ['a scheme without slashes', 'https:trk.example/postback?s={sub1}'],
      ['no host', 'https://'],
      ['only a macro', '{sub1}'],
      ['a bad port', 'https://trk.example:99999/p?s={sub1}'],
    ])('refuses %s', (_label, url) => {
      const errors = lint({ url }).errors.filter((e) => e.code === 'invalid_url');
      expect(errors).toHaveLength(1);
      expect(errors[0].field).toBe('url');
    });

    it('checks the URL after rendering sample values', () => {
      // The host comes from a macro; a sample value with a space makes it invalid.
      const url = 'https://{sub1}.trk.example/p?s={sub1}';
      expect(codes(lint({ url }).errors)).toEqual([]);
      const { errors } = lint({ url }, { sub1: 'two words' });
      expect(codes(errors)).toEqual(['invalid_url']);
      expect(errors[0].message).toContain('https://two%20words.trk.example/');
    });

    it('accepts http, ports and IP addresses', () => {
      for (const url of [
        'http://localhost:8080/p?s={sub1}',
        'https://203.0.113.9/p?s={sub1}',
        'HTTPS://TRK.EXAMPLE/p?s={sub1}',
      ]) {
        expect(codes(lint({ url }).errors)).toEqual([]);
      }
    });

    it('is not reported when unknown macros already make the URL unrenderable', () => {
      expect(codes(lint({ url: '{nope}' }).errors)).toEqual(['unknown_macro']);
    });
  });

  describe('invalid_json_body', () => {
    const json = { method: 'POST', contentType: 'application/json' } as const;

    it('refuses a body that is not JSON once rendered', () => {
      const { errors, rendered } = lint({ ...json, body: '{"subid": {sub1}}' });
      expect(codes(errors)).toEqual(['invalid_json_body']);
      expect(errors[0].field).toBe('body');
      expect(errors[0].message).toContain('"{name}"');
      expect(rendered.body).toBe('{"subid": campaign42}');
    });

    it('refuses a raw macro whose sample value breaks the JSON', () => {
      const body = '{"payout": {payout|raw}}';
      expect(codes(lint({ ...json, body }).errors)).toEqual([]);
      expect(codes(lint({ ...json, body }, { payout: '12,50' }).errors)).toEqual([
        'invalid_json_body',
      ]);
    });

    it('accepts a JSON body whatever the values contain', () => {
      const body =
        '{"subid":"{external_transaction_id}","status":"{status}","payout":{payout|raw}}';
      const { errors, rendered } = lint(
        { ...json, body },
        { aff_click_id: 'q"u\\o\nte {payout} 😀\u2028' },
      );
      expect(errors).toEqual([]);
      expect(JSON.parse(rendered.body!)).toEqual({
        subid: 'q"u\\o\nte {payout} 😀\u2028',
        status: 'approved',
        payout: 12.5,
      });
    });

    it('does not parse a form body as JSON, and encodes it as a form', () => {
      const { errors, rendered } = lint(
        {
          method: 'POST',
          contentType: 'application/x-www-form-urlencoded',
          body: 'clickid={external_transaction_id}&name={offer_name}',
        },
        { external_transaction_id: 'a&b' },
      );
      expect(errors).toEqual([]);
      expect(rendered.body).toBe('clickid=a%26b&name=Summer%20Sale%20Sweepstakes');
    });
  });

  describe('invalid_header', () => {
    it.each([
      ['a space in the name', 'X Token', 'abc'],
      ['a colon in the name', 'X-Token:', 'abc'],
      ['an empty name', '', 'abc'],
      ['a non-ASCII name', 'X-Tökén', 'abc'],
      ['CR/LF in the value', 'X-Token', 'abc\r\nX-Evil: 1'],
      ['a bare LF in the value', 'X-Token', 'abc\n'],
      ['a NUL in the value', 'X-Token', 'a\u0000'],
      ['a header the HTTP client owns', 'Content-Length', '10'],
      ['Transfer-Encoding in any case', 'transfer-ENCODING', 'chunked'],
    ])('refuses %s', (_label, name, value) => {
      const { errors } = lint({ headers: { [name]: value } });
      expect(codes(errors)).toEqual(['invalid_header']);
      expect(errors[0].field).toBe(`headers.${name}`);
    });

    it('accepts token names and single-line values with macros and tabs', () => {
      const headers = {
        Authorization: 'Bearer {sub2}',
        "X-Weird_Name!#$%&'*+.^`|~": 'a\tb',
        'X-Click': '{aff_click_id}',
      };
      const { errors, rendered } = lint({ headers }, { sub2: 'tok\r\nX-Evil: 1' });
      expect(errors).toEqual([]);
      expect(rendered.headers).toEqual({
        Authorization: 'Bearer tokX-Evil: 1',
        "X-Weird_Name!#$%&'*+.^`|~": 'a\tb',
        'X-Click': SAMPLE_VALUES.external_transaction_id,
      });
    });
  });

  describe('sample values', () => {
    it('override the built-in samples, by canonical name or alias', () => {
      const url =
        'https://trk.example/postback?subid={external_transaction_id}&payout={payout}&status={status}';
      const { errors, rendered } = lint(
        { url },
        { aff_click_id: 'abc 123&x=1#frag', payout: 12.5 },
      );
      expect(errors).toEqual([]);
      expect(rendered.url).toBe(
        'https://trk.example/postback?subid=abc%20123%26x%3D1%23frag&payout=12.5&status=approved',
      );
    });

    it('render empty when set to null, and accept booleans as text', () => {
      const url = 'https://t.example/p?s={sub1}&status={status}&b={sub2}';
      const { rendered } = lint({ url }, { status: null, sub2: true });
      expect(rendered.url).toBe('https://t.example/p?s=campaign42&status=&b=true');
    });

    it('refuses an unknown sample key (unknown_sample_key)', () => {
      const { errors } = lint({}, { payot: '1', sub1: 'ok' });
      expect(errors).toEqual([
        {
          code: 'unknown_sample_key',
          field: 'sample.payot',
          macro: 'payot',
          message: 'Sample key "payot" is not a macro; did you mean payout?',
        },
      ]);
    });

    it('refuses a sample value that is not text or a number', () => {
      const { errors } = lint({}, { sub1: { nested: true } });
      expect(errors.map((e) => [e.code, e.field])).toEqual([
        ['invalid_sample_value', 'sample.sub1'],
      ]);
    });
  });

  describe('warnings', () => {
    it('http_not_https: warns on http, not on https', () => {
      const http = lint({ url: KEITARO_URL.replace('https://', 'http://') });
      expect(codes(http.warnings)).toEqual(['http_not_https']);
      expect(http.errors).toEqual([]);
      expect(codes(lint({}).warnings)).toEqual([]);
    });

    it('missing_click_id_macro: warns when no click id is sent anywhere', () => {
      const url = 'https://t.example/p?status={status}&payout={payout}&tid={transaction_id}';
      const { warnings } = lint({ url });
      expect(codes(warnings)).toEqual(['missing_click_id_macro']);
      expect(warnings[0].message).toContain('{external_transaction_id}');
    });

    it.each([
      ['the alias in the URL', { url: 'https://t.example/p?c={aff_click_id}&s={status}' }],
      ['sub3 in the URL', { url: 'https://t.example/p?c={sub3}&s={status}' }],
      ['a raw sub5', { url: 'https://t.example/p?c={sub5|raw}&s={status}' }],
      [
        'the click id in a header',
        {
          url: 'https://t.example/p?s={status}',
          headers: { 'X-Click': '{external_transaction_id}' },
        },
      ],
      [
        'the click id in the body',
        {
          url: 'https://t.example/p?s={status}',
          method: 'POST' as const,
          body: '{"c":"{sub1}"}',
          contentType: 'application/json' as const,
        },
      ],
    ])('missing_click_id_macro: quiet with %s', (_label, overrides) => {
      expect(codes(lint(overrides).warnings)).toEqual([]);
    });

    it('missing_status_macro: warns when several statuses share a URL with no status', () => {
      const url = 'https://t.example/p?c={external_transaction_id}&payout={payout}';
      const { warnings } = lint({ url, statuses: ['approved', 'rejected'] });
      expect(codes(warnings)).toEqual(['missing_status_macro']);
      expect(warnings[0].message).toContain('approved, rejected');
      expect(
        codes(lint({ url, statuses: ['approved', 'rejected'], type: 'event' }).warnings),
      ).toEqual(['missing_status_macro']);
    });

    it.each([
      ['one status', { statuses: ['approved'] }],
      ['the default status', { statuses: null }],
      ['a repeated status', { statuses: ['approved', 'approved'] }],
      ['{raw_status}', { url: 'https://t.example/p?c={sub1}&s={raw_status}' }],
      ['{status} in the body', { method: 'POST' as const, body: 's={status}' }],
      ['a click rule', { type: 'click' as const }],
    ])('missing_status_macro: quiet with %s', (_label, overrides) => {
      const url = 'https://t.example/p?c={external_transaction_id}&payout={payout}';
      expect(
        codes(lint({ url, statuses: ['approved', 'pending'], ...overrides }).warnings),
      ).toEqual([]);
    });

    it.each([
      ['a doubled ?', 'https://t.example/p??c={sub1}&s={status}', '??', 19],
      ['a doubled &', 'https://t.example/p?c={sub1}&&s={status}', '&&', 28],
      ['?&', 'https://t.example/p?&c={sub1}&s={status}', '?&', 19],
      ['a trailing &', 'https://t.example/p?c={sub1}&s={status}&', "Trailing '&'", 39],
      ['a trailing ?', 'https://t.example/p/{sub1}/{status}?', 'no parameters', 35],
      ['a second ?', 'https://t.example/p?c={sub1}?s={status}', "second '?'", 28],
      [
        'a trailing & before a fragment',
        'https://t.example/p?c={sub1}&s={status}&#top',
        "Trailing '&'",
        39,
      ],
    ])('malformed_query: warns on %s', (_label, url, text, position) => {
      const { warnings, errors } = lint({ url });
      expect(errors).toEqual([]);
      expect(warnings.filter((w) => w.code !== 'fragment_not_sent')).toEqual([
        expect.objectContaining({
          code: 'malformed_query',
          field: 'url',
          position,
          message: expect.stringContaining(text),
        }),
      ]);
    });

    it.each([
      ['a clean query', 'https://t.example/p?c={sub1}&s={status}'],
      ['no query', 'https://t.example/p/{sub1}/{status}'],
      ['a ? in the fragment', 'https://t.example/p?c={sub1}&s={status}#a?b&&'],
      ['&& in the path', 'https://t.example/a&&b?c={sub1}&s={status}'],
      ['a & inside a value', 'https://t.example/p?c={sub1}&s={status}&n=%26%26'],
    ])('malformed_query: quiet with %s', (_label, url) => {
      expect(codes(lint({ url }).warnings).filter((c) => c === 'malformed_query')).toEqual([]);
    });

    it.each([
      ['a subdomain', 'https://{sub1}.t.example/p?c={sub2}&s={status}', '{sub1}', 8],
      ['the port', 'https://t.example:{sub4}/p?c={sub2}&s={status}', '{sub4}', 18],
      ['the user info', 'https://{aff_id}@t.example/p?c={sub2}&s={status}', '{aff_id}', 8],
    ])('macro_in_host: warns on a macro in %s', (_label, url, token, position) => {
      const { warnings } = lint({ url });
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'macro_in_host', field: 'url', position }),
      ]);
      expect(warnings[0].message).toContain(token);
    });

    it('macro_in_host: quiet with macros in the path, query and fragment', () => {
      const url = 'https://t.example/{sub1}/x?c={sub2}&s={status}#{sub3}';
      expect(codes(lint({ url }).warnings)).toEqual(['fragment_not_sent']);
    });

    it('sends warnings alongside errors', () => {
      const { errors, warnings } = lint({ url: 'http://t.example/p??x={nope}' });
      expect(codes(errors)).toEqual(['unknown_macro']);
      expect(codes(warnings)).toEqual([
        'http_not_https',
        'missing_click_id_macro',
        'missing_status_macro',
        'malformed_query',
      ]);
    });
  });
});

// The mistakes a new user made that used to be saved without a word (issue 12, item 9).
describe('lintPostbackTemplates: beginner mistakes', () => {
  describe("'&' where the '?' belongs (malformed_query warning)", () => {
    it('warns when the URL has no ? and its path carries &name=', () => {
      const url = 'https://t.example/pb&subid={external_transaction_id}&status={status}';
      const { errors, warnings } = lint({ url });
      expect(errors).toEqual([]);
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'malformed_query', field: 'url', position: 20 }),
      ]);
      expect(warnings[0].message).toContain("no '?'");
      expect(warnings[0].message).toContain('https://t.example/pb?subid=…');
    });

    it('warns when a parameter sits in the path before the ?', () => {
      const url = 'https://t.example/pb&subid={sub1}?status={status}';
      const { warnings } = lint({ url });
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'malformed_query', position: 20 }),
      ]);
      expect(warnings[0].message).toContain("before the '?' at position 33");
    });

    it('refuses & right after the host: no server is called "t.example&subid=…" (invalid_url)', () => {
      const url = 'https://t.example&subid={external_transaction_id}&status={status}';
      const invalid = lint({ url }).errors.filter((e) => e.code === 'invalid_url');
      expect(invalid).toHaveLength(1);
      expect(invalid[0].message).toContain("with '&'");
      expect(invalid[0].message).toContain("parameters go after a '?'");
    });

    it.each([
      ['an & in a path segment', 'https://t.example/rock&roll/pb?c={sub1}&s={status}'],
      ['&& in the path', 'https://t.example/a&&b?c={sub1}&s={status}'],
      ['& and = in the fragment', 'https://t.example/pb?c={sub1}&s={status}#a&b=c'],
    ])('is quiet with %s', (_label, url) => {
      expect(codes(lint({ url }).warnings)).not.toContain('malformed_query');
    });
  });

  describe('&amp; (malformed_query warning)', () => {
    it('says the tracker would get a parameter named amp;…', () => {
      const url = 'https://t.example/pb?subid={external_transaction_id}&amp;status={status}';
      const { errors, warnings } = lint({ url });
      expect(errors).toEqual([]);
      expect(warnings).toEqual([
        expect.objectContaining({
          code: 'malformed_query',
          position: url.indexOf('&amp;'),
          message: expect.stringContaining('"amp;status"'),
        }),
      ]);
      expect(warnings[0].message).toContain("plain '&'");
    });

    it('finds every one, in any case', () => {
      const url = 'https://t.example/pb?subid={sub1}&AMP;status={status}&amp;p={payout}';
      expect(codes(lint({ url }).warnings)).toEqual(['malformed_query', 'malformed_query']);
    });
  });

  describe('unclosed { (unclosed_macro error)', () => {
    it('refuses {name with no }, naming the position and the fix', () => {
      const url = 'https://t.example/pb?subid={external_transaction_id&status={status}';
      const { errors } = lint({ url });
      expect(errors).toEqual([
        {
          code: 'unclosed_macro',
          field: 'url',
          macro: 'external_transaction_id',
          position: 27,
          message: expect.stringContaining('write {external_transaction_id}'),
        },
      ]);
      expect(errors[0].message).toContain('sent as text');
    });

    it.each([
      ['at the end of the URL', { url: 'https://t.example/pb?c={sub1}&s={status' }, 'url'],
      ['with a modifier', { url: 'https://t.example/pb?c={sub1|raw&s={status}' }, 'url'],
      ['in a header', { headers: { Authorization: 'Bearer {sub2' } }, 'headers.Authorization'],
      [
        'in a JSON body',
        {
          method: 'POST' as const,
          contentType: 'application/json' as const,
          body: '{"c":"{sub1","s":"{status}"}',
        },
        'body',
      ],
    ])('refuses one %s', (_label, overrides, field) => {
      const unclosed = lint(overrides).errors.filter((e) => e.code === 'unclosed_macro');
      expect(unclosed.map((e) => e.field)).toEqual([field]);
    });

    it('refuses a name with a character names cannot have, suggesting the name (unknown_macro)', () => {
      const url = 'https://t.example/pb?subid={external-transaction_id}&status={status}';
      expect(lint({ url }).errors).toEqual([
        expect.objectContaining({
          code: 'unknown_macro',
          macro: 'external-transaction_id',
          position: 27,
          message: expect.stringContaining('did you mean {external_transaction_id}?'),
        }),
      ]);
    });

    it("leaves JSON's own braces alone", () => {
      const body = '{"click": {"id": "{sub1}", "s": "{status}"}, "n": {}}';
      const json = { method: 'POST' as const, contentType: 'application/json' as const };
      expect(lint({ ...json, body }).errors).toEqual([]);
    });

    it('refuses one in an offer URL too', () => {
      expect(codes(lintOfferUrl('https://adv.example/lp?click={transaction_id'))).toEqual([
        'unclosed_macro',
      ]);
    });
  });

  describe('#token# and fragments', () => {
    it('refuses #status# (foreign_macro error): never filled in, and it cuts the URL', () => {
      const url = 'https://t.example/pb?subid={external_transaction_id}&status=#status#';
      const { errors, warnings } = lint({ url });
      expect(errors).toEqual([
        {
          code: 'foreign_macro',
          field: 'url',
          macro: '#status#',
          position: url.indexOf('#'),
          message: expect.stringContaining('did you mean {status}?'),
        },
      ]);
      expect(errors[0].message).toContain('never sent');
      expect(codes(warnings)).toEqual(['missing_status_macro']);
    });

    it.each([
      ['#clickid#', '{external_transaction_id}'],
      ['#s2#', '{sub2}'],
      ['#zzzzqqq#', 'macros are written {name}'],
    ])('refuses %s, with a hint', (token, hint) => {
      const url = `https://t.example/pb?c={sub1}&s={status}&x=${token}`;
      const { errors } = lint({ url });
      expect(codes(errors)).toEqual(['foreign_macro']);
      expect(errors[0].message).toContain(hint);
    });

    it('warns that a fragment is never sent (fragment_not_sent), naming the macros lost', () => {
      const url = 'https://t.example/pb?c={external_transaction_id}#s={status}';
      const { errors, warnings } = lint({ url, statuses: ['approved'] });
      expect(errors).toEqual([]);
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'fragment_not_sent', position: url.indexOf('#') }),
      ]);
      expect(warnings[0].message).toContain('{status} never reach');
    });

    it('does not mind a # in a header or a body, nor a # a value renders to', () => {
      const { warnings } = lint(
        {
          method: 'POST',
          headers: { 'X-Tag': '#promo#' },
          contentType: 'application/x-www-form-urlencoded',
          body: 'note=#1',
        },
        { sub1: 'a#b' },
      );
      expect(codes(warnings)).toEqual([]);
    });
  });

  describe('missing_click_id_macro', () => {
    it('explains that {transaction_id} is the network id the tracker has never seen', () => {
      const url = 'https://t.example/pb?clickid={transaction_id}&status={status}';
      const { warnings } = lint({ url });
      expect(warnings).toEqual([
        expect.objectContaining({
          code: 'missing_click_id_macro',
          message: expect.stringContaining(
            "{transaction_id} at position 29 in url is this network's click id",
          ),
        }),
      ]);
      expect(warnings[0].message).toContain('never seen');
      expect(warnings[0].message).toContain('subid={external_transaction_id}');
    });

    it('says what a click id is when none is sent', () => {
      const { warnings } = lint({ url: 'https://t.example/pb?status={status}' });
      expect(warnings[0].message).toContain('external_transaction_id');
      expect(warnings[0].message).toContain('tracking link');
    });
  });
});

describe('lintOfferUrl', () => {
  it('accepts the SPEC §4 example', () => {
    expect(lintOfferUrl('https://adv.example/lp?click={transaction_id}&pub={aff_id}')).toEqual([]);
  });

  it('accepts every click macro and the click aliases', () => {
    const query = [...CLICK_MACROS].map((name) => `${name}={${name}}`).join('&');
    expect(
      lintOfferUrl(`https://adv.example/lp?${query}&c={aff_click_id}&p={publisher_id}`),
    ).toEqual([]);
  });

  it.each(['payout', 'status', 'conversion_id', 'revenue', 'event', 'goal'])(
    'refuses {%s}, which has no value at click time',
    (name) => {
      const url = `https://adv.example/lp?click={transaction_id}&x={${name}}`;
      expect(lintOfferUrl(url)).toEqual([
        expect.objectContaining({
          code: 'macro_not_allowed',
          field: 'url',
          macro: name,
          position: url.indexOf(`{${name}}`),
          message: expect.stringContaining('{transaction_id}'),
        }),
      ]);
    },
  );

  it('refuses unknown macros with a suggestion', () => {
    const issues = lintOfferUrl('https://adv.example/lp?click={transactionid}');
    expect(codes(issues)).toEqual(['unknown_macro']);
    expect(issues[0].message).toContain('did you mean {transaction_id}?');
  });

  it('refuses invalid characters', () => {
    expect(codes(lintOfferUrl('https://adv.example/lp?click={transaction_id} '))).toEqual([
      'invalid_characters',
    ]);
  });

  it.each(['adv.example/lp?c={transaction_id}', 'javascript:alert(1)', '{sub1}'])(
    'refuses %p, not an absolute http(s) URL',
    (url) => {
      expect(codes(lintOfferUrl(url))).toEqual(['invalid_url']);
    },
  );
});
