import {
  compileTemplate,
  encodeMacroValue,
  MacroRef,
  parseTemplate,
  renderTemplate,
  RenderContext,
  TEMPLATE_CACHE_LIMIT,
  TemplateCache,
  UnknownMacroError,
} from './macro-renderer';
import { MacroValues } from './macros';

const render = (source: string, values: MacroValues, context: RenderContext) =>
  renderTemplate(parseTemplate(source), values, context);

const refs = (source: string) =>
  parseTemplate(source).macros.map((m: MacroRef) => [m.token, m.canonical, m.raw, m.position]);

describe('parseTemplate', () => {
  it('splits literal text and macro references, with positions', () => {
    const parsed = parseTemplate('https://t.example/p?s={sub1}&p={payout|raw}');
    expect(parsed.parts).toEqual([
      'https://t.example/p?s=',
      {
        name: 'sub1',
        canonical: 'sub1',
        modifier: undefined,
        raw: false,
        position: 22,
        token: '{sub1}',
      },
      '&p=',
      {
        name: 'payout',
        canonical: 'payout',
        modifier: 'raw',
        raw: true,
        position: 31,
        token: '{payout|raw}',
      },
    ]);
    expect(parsed.unknown).toEqual([]);
    expect(parsed.source).toBe('https://t.example/p?s={sub1}&p={payout|raw}');
  });

  it('resolves aliases to their canonical name', () => {
    expect(refs('{aff_click_id}{publisher_id}{goal}')).toEqual([
      ['{aff_click_id}', 'external_transaction_id', false, 0],
      ['{publisher_id}', 'aff_id', false, 14],
      ['{goal}', 'event', false, 28],
    ]);
  });

  it('keeps JSON braces as literal text', () => {
    const parsed = parseTemplate('{"subid":"{sub1}","n":{"p":{payout|raw}}}');
    expect(parsed.parts).toEqual([
      '{"subid":"',
      expect.objectContaining({ token: '{sub1}', position: 10 }),
      '","n":{"p":',
      expect.objectContaining({ token: '{payout|raw}', position: 27 }),
      '}}',
    ]);
  });

  it('treats doubled braces as a literal brace around a macro', () => {
    expect(parseTemplate('{{sub1}}').parts).toEqual([
      '{',
      expect.objectContaining({ token: '{sub1}', position: 1 }),
      '}',
    ]);
  });

  it.each(['{sub1', '{ sub1 }', '{}', '{1abc}', '{sub-1}', '{sub1|}', '{"a":1}', 'a}b{'])(
    'leaves the non-macro %p as text',
    (source) => {
      const parsed = parseTemplate(source);
      expect(parsed.parts).toEqual([source]);
      expect(parsed.macros).toEqual([]);
    },
  );

  it('parses adjacent macros and an empty template', () => {
    expect(refs('{sub1}{sub2}')).toEqual([
      ['{sub1}', 'sub1', false, 0],
      ['{sub2}', 'sub2', false, 6],
    ]);
    expect(parseTemplate('').parts).toEqual([]);
  });

  it('records unknown names, uppercase names and unknown modifiers with positions', () => {
    const parsed = parseTemplate('a={clikid}&b={SUB1}&c={sub1|html}&d={sub2|RAW}&e={constructor}');
    expect(parsed.unknown.map((m) => [m.token, m.position])).toEqual([
      ['{clikid}', 2],
      ['{SUB1}', 13],
      ['{sub1|html}', 22],
      ['{sub2|RAW}', 36],
      ['{constructor}', 49],
    ]);
    // A known name with a bad modifier keeps its canonical name (for the linter's message).
    expect(parsed.unknown[2].canonical).toBe('sub1');
    expect(parsed.unknown[2].raw).toBe(false);
  });

  it('returns an immutable result, safe to share from the cache', () => {
    const parsed = parseTemplate('x{sub1}');
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.parts)).toBe(true);
    expect(Object.isFrozen(parsed.parts[1])).toBe(true);
  });
});

describe('renderTemplate', () => {
  it('renders a Keitaro-style postback URL exactly', () => {
    const parsed = parseTemplate(
      'https://trk.example/postback?subid={external_transaction_id}&payout={payout}',
    );
    expect(
      renderTemplate(
        parsed,
        { external_transaction_id: 'abc 123&x=1#frag', payout: '12.50' },
        'url',
      ),
    ).toBe('https://trk.example/postback?subid=abc%20123%26x%3D1%23frag&payout=12.50');
  });

  it('never encodes the literal text of the template', () => {
    expect(render('https://t.example/a b?x=1&y={sub1}#f', { sub1: 'v' }, 'url')).toBe(
      'https://t.example/a b?x=1&y=v#f',
    );
  });

  describe.each(['url', 'form'] as const)('%s context (RFC 3986 percent-encoding)', (context) => {
    it.each([
      ['AZaz09-._~', 'AZaz09-._~'],
      [' ', '%20'],
      ['+', '%2B'],
      ['%', '%25'],
      ['&=?#/:@', '%26%3D%3F%23%2F%3A%40'],
      ["!'()*", '%21%27%28%29%2A'],
      ['"\\', '%22%5C'],
      ['\r\n\t', '%0D%0A%09'],
      ['{}[]|^`<>;,$', '%7B%7D%5B%5D%7C%5E%60%3C%3E%3B%2C%24'],
      ['é', '%C3%A9'],
      ['中文', '%E4%B8%AD%E6%96%87'],
      ['😀', '%F0%9F%98%80'],
      ['\uD800x', '%EF%BF%BDx'],
      ['x\uDC00', 'x%EF%BF%BD'],
    ])('encodes %p as %p', (value, expected) => {
      expect(encodeMacroValue(value, context)).toBe(expected);
      expect(render('{sub1}', { sub1: value }, context)).toBe(expected);
    });

    it('round-trips any well-formed string through decodeURIComponent', () => {
      const nasty = `a b+c&d=e#f%g/h?i!j'k(l)m*n"o\\p\nq😀r中s`;
      const encoded = encodeMacroValue(nasty, context);
      expect(encoded).toMatch(/^[A-Za-z0-9\-._~%]*$/);
      expect(decodeURIComponent(encoded)).toBe(nasty);
    });
  });

  it('renders a form body with encoded values', () => {
    expect(
      render(
        'clickid={external_transaction_id}&sum={payout}&note={offer_name}',
        { external_transaction_id: 'a&b=c', payout: 12.5, offer_name: 'Summer Sale +50%' },
        'form',
      ),
    ).toBe('clickid=a%26b%3Dc&sum=12.5&note=Summer%20Sale%20%2B50%25');
  });

  describe('json context', () => {
    it.each([
      ['plain', 'plain'],
      ['say "hi"', 'say \\"hi\\"'],
      ['back\\slash', 'back\\\\slash'],
      ['line\nbreak\r\ttab', 'line\\nbreak\\r\\ttab'],
      ['\u0001\u001f', '\\u0001\\u001f'],
      ['\u2028\u2029', '\\u2028\\u2029'],
      ['😀 é 中 &=#%+', '😀 é 中 &=#%+'],
      ['</script>', '</script>'],
    ])('escapes %p as %p', (value, expected) => {
      expect(encodeMacroValue(value, 'json')).toBe(expected);
    });

    it('keeps a JSON body valid and the value intact', () => {
      const value = 'q"u\\o\nte 😀 \u2028 {payout} \uD800';
      const body = render(
        '{"subid":"{sub1}","payout":{payout|raw}}',
        { sub1: value, payout: 12.5 },
        'json',
      );
      const parsed = JSON.parse(body) as { subid: string; payout: number };
      expect(parsed.subid).toBe(value);
      expect(parsed.payout).toBe(12.5);
    });
  });

  describe('header context', () => {
    it('strips control characters from a value and percent-encodes non-ASCII as UTF-8', () => {
      expect(
        render(
          'Bearer {sub1}',
          { sub1: 'a\r\nSet-Cookie: x=1\u0000\t\u001b\u007f é😀"\\' },
          'header',
        ),
      ).toBe('Bearer aSet-Cookie: x=1 %C3%A9%F0%9F%98%80"\\');
      expect(render('{sub1}', { sub1: 'кампания' }, 'header')).toBe(
        '%D0%BA%D0%B0%D0%BC%D0%BF%D0%B0%D0%BD%D0%B8%D1%8F',
      );
    });

    it('treats a raw value the same: a header can only carry ASCII', () => {
      expect(render('{sub1|raw}', { sub1: 'a\r\nX-Evil: 1\u0000\tb é' }, 'header')).toBe(
        'aX-Evil: 1b %C3%A9',
      );
    });

    it('makes literal text that slipped past validation safe, keeping a tab', () => {
      expect(render('a\r\nX-Evil:\t{sub1} Кк', { sub1: 'v' }, 'header')).toBe(
        'aX-Evil:\tv %D0%9A%D0%BA',
      );
    });
  });

  it('inserts raw values unencoded', () => {
    expect(render('https://t.example/?{sub1|raw}', { sub1: 'a=1&b=2' }, 'url')).toBe(
      'https://t.example/?a=1&b=2',
    );
    expect(render('{"n":{payout|raw}}', { payout: '12.50' }, 'json')).toBe('{"n":12.50}');
  });

  it('renders missing, null and undefined values as empty', () => {
    const values = { sub1: null, sub2: undefined, sub3: '' };
    expect(render('a={sub1}&b={sub2}&c={sub3}&d={sub4}&e={sub5|raw}', values, 'url')).toBe(
      'a=&b=&c=&d=&e=',
    );
  });

  it('renders numbers with String(), zero included', () => {
    expect(
      render('{payout}|{offer_id}|{random}', { payout: 12.5, offer_id: 0, random: -3 }, 'url'),
    ).toBe('12.5|0|-3');
  });

  it('renders aliases from the canonical value only', () => {
    const values = { external_transaction_id: 'ext', aff_id: '7', event: 'deposit' };
    expect(render('{aff_click_id}/{publisher_id}/{goal}', values, 'url')).toBe('ext/7/deposit');
    expect(render('{aff_click_id}', { aff_click_id: 'by-alias' }, 'url')).toBe('');
  });

  it('never re-reads a value as a template', () => {
    const values = { sub1: '{payout}', payout: '99.00' };
    expect(render('s={sub1}', values, 'url')).toBe('s=%7Bpayout%7D');
    expect(render('{"s":"{sub1}"}', values, 'json')).toBe('{"s":"{payout}"}');
    expect(render('{sub1|raw}', values, 'header')).toBe('{payout}');
  });

  it('refuses to render a template with unknown macros', () => {
    const parsed = parseTemplate('https://t.example/?a={clikid}&b={sub1|html}');
    expect(() => renderTemplate(parsed, {}, 'url')).toThrow(UnknownMacroError);
    expect(() => renderTemplate(parsed, {}, 'url')).toThrow(
      'Template has unknown macros: {clikid} at position 21, {sub1|html} at position 32',
    );
    try {
      renderTemplate(parsed, {}, 'url');
    } catch (error) {
      expect((error as UnknownMacroError).code).toBe('unknown_macro');
      expect((error as UnknownMacroError).macros.map((m) => m.name)).toEqual(['clikid', 'sub1']);
    }
  });

  it('keeps no state between renders', () => {
    const parsed = parseTemplate('{sub1}-{sub2}');
    expect(renderTemplate(parsed, { sub1: 'a', sub2: 'b' }, 'url')).toBe('a-b');
    expect(renderTemplate(parsed, { sub1: 'c d' }, 'url')).toBe('c%20d-');
    expect(renderTemplate(parsed, { sub1: 'c d' }, 'json')).toBe('c d-');
  });
});

describe('template cache', () => {
  it('parses a source once and hands back the same template', () => {
    const source = 'https://t.example/cache-identity?s={sub1}';
    const first = compileTemplate(source);
    expect(compileTemplate(source)).toBe(first);
    expect(compileTemplate(`${source}&x=1`)).not.toBe(first);
    expect(renderTemplate(first, { sub1: 'a b' }, 'url')).toBe(
      'https://t.example/cache-identity?s=a%20b',
    );
  });

  it('stays bounded, evicting the least recently used template', () => {
    const cache = new TemplateCache(3);
    const a = cache.get('a{sub1}');
    const b = cache.get('b{sub1}');
    cache.get('c{sub1}');
    expect(cache.get('a{sub1}')).toBe(a); // a is now the most recent
    cache.get('d{sub1}'); // evicts b
    expect(cache.size).toBe(3);
    expect(cache.get('a{sub1}')).toBe(a);
    const b2 = cache.get('b{sub1}');
    expect(b2).not.toBe(b);
    expect(b2).toEqual(b);
    expect(cache.size).toBe(3);
  });

  it('never grows past its limit', () => {
    const cache = new TemplateCache(5);
    for (let i = 0; i < 50; i++) cache.get(`https://t.example/${i}?s={sub1}`);
    expect(cache.size).toBe(5);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('holds a thousand templates in the shared cache', () => {
    expect(TEMPLATE_CACHE_LIMIT).toBe(1000);
    const first = compileTemplate('https://t.example/shared-first?s={sub1}');
    for (let i = 0; i < TEMPLATE_CACHE_LIMIT - 1; i++)
      compileTemplate(`https://t.example/fill-${i}`);
    expect(compileTemplate('https://t.example/shared-first?s={sub1}')).toBe(first);
    for (let i = 0; i < TEMPLATE_CACHE_LIMIT; i++) compileTemplate(`https://t.example/more-${i}`);
    expect(compileTemplate('https://t.example/shared-first?s={sub1}')).not.toBe(first);
  });
});
