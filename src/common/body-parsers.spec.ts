import { jsonDepth, MAX_JSON_DEPTH, parseJsonBody } from './body-parsers';

describe('JSON body parsing', () => {
  it('measures nesting outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[["}')).toBe(1);
    expect(jsonDepth('42')).toBe(0);
  });

  it('parses ordinary bodies', () => {
    expect(parseJsonBody('{"name":"Pub","offerIds":[1,2]}')).toEqual({
      name: 'Pub',
      offerIds: [1, 2],
    });
  });

  it('refuses bodies nested deeper than the limit, and accepts the limit itself', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(() => parseJsonBody(nest(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseJsonBody(nest(MAX_JSON_DEPTH + 1))).toThrow(/deeper than 32/);
    expect(() => parseJsonBody(nest(100_000))).toThrow(/deeper/);
  });

  it('refuses invalid JSON and prototype poisoning with invalid_json', () => {
    for (const bad of [
      '{"a":',
      '',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
    ]) {
      expect(() => parseJsonBody(bad)).toThrow(
        expect.objectContaining({ code: 'invalid_json', statusCode: 400 }),
      );
    }
  });
});
