import type { FastifyInstance } from 'fastify';
import { parse as parseQuery } from 'fast-querystring';
import secureJson from 'secure-json-parse';
import { DomainError } from './errors/domain-error';

// Deeper bodies are refused before parsing: nothing we accept nests past a few levels, and
// very deep nesting overflows the stack of whatever walks the parsed value (a 500).
export const MAX_JSON_DEPTH = 32;

// Nesting depth of a JSON text, counting brackets outside strings; linear, no recursion.
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new DomainError(400, 'invalid_json', 'The JSON body is empty');
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new DomainError(
      400,
      'invalid_json',
      `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  try {
    // Same protection as Fastify's own parser: __proto__ and constructor.prototype are refused.
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new DomainError(400, 'invalid_json', 'The body is not valid JSON');
  }
}

// The app's body parsers (Nest's are off): bounded-depth JSON, and forms for the advertiser intake.
export function useBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseQuery(body as string)),
  );
}
