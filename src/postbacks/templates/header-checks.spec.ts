import { encodedHeaderMacros, headerIssues } from './header-checks';
import { parseTemplate } from './macro-renderer';
import { SAMPLE_VALUES } from './macros';
import { lintPostbackTemplates, PostbackTemplatesInput } from './template-linter';

const rule = (headers: Record<string, string>): PostbackTemplatesInput => ({
  method: 'GET',
  url: 'https://trk.example/pb?subid={external_transaction_id}',
  headers,
  body: null,
  contentType: null,
  statuses: ['approved'],
  type: 'conversion',
  publisherOwned: false,
});

describe('header text that HTTP cannot carry', () => {
  it.each([
    ['Cyrillic', 'Кампания'],
    ['an emoji after a macro', '{sub1} 😀'],
    ['Latin-1', 'café'],
    ['a no-break space', 'a\u00a0b'],
  ])('refuses %s in literal header text, naming the header', (_label, value) => {
    const issues = headerIssues('X-Campaign', value, 'headers.X-Campaign');
    expect(issues).toEqual([
      expect.objectContaining({ code: 'invalid_header', field: 'headers.X-Campaign' }),
    ]);
    expect(issues[0].message).toMatch(/printable ASCII/);
    expect(issues[0].message).toMatch(/%[0-9A-F]{2}/);
  });

  it('accepts printable ASCII with macros and a tab', () => {
    expect(headerIssues('X-Click', 'id={sub1|raw}\t100% "ok"', 'headers.X-Click')).toEqual([]);
  });
});

describe('header_value_encoded', () => {
  it('names each macro whose value would not go out as it is', () => {
    const parsed = parseTemplate('{sub1}/{sub2}/{sub3|raw}/{sub1}/{sub4}');
    const values = { sub1: 'кампания', sub2: 'plain', sub3: 'a\tb', sub4: null };
    expect(encodedHeaderMacros(parsed, values)).toEqual(['sub1', 'sub3']);
  });

  it('is a preview warning on the header, with the encoded value shown', () => {
    const { errors, warnings, rendered } = lintPostbackTemplates(rule({ 'X-Click': '{sub1}' }), {
      sub1: 'кампания',
    });
    expect(errors).toEqual([]);
    expect(rendered.headers['X-Click']).toBe('%D0%BA%D0%B0%D0%BC%D0%BF%D0%B0%D0%BD%D0%B8%D1%8F');
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'header_value_encoded',
        field: 'headers.X-Click',
        macro: 'sub1',
      }),
    ]);
  });

  it('is not raised for the built-in sample values', () => {
    const headers = Object.fromEntries(
      Object.keys(SAMPLE_VALUES).map((name, i) => [`X-H${i}`, `{${name}}`]),
    );
    const { warnings } = lintPostbackTemplates(rule(headers));
    expect(warnings.filter((w) => w.code === 'header_value_encoded')).toEqual([]);
  });
});
