// Where a request came from and where it was addressed to, for the session cookie's Secure flag,
// the Origin check of cookie-authenticated writes, and links handed to people.

export interface RequestFacts {
  headers: Record<string, string | string[] | undefined>;
  protocol: string; // Fastify's, 'http' or 'https'
  host: string; // the Host header (Fastify's request.host)
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0].trim() || undefined;
}

// A proxy that terminates TLS says so in X-Forwarded-Proto.
function schemeOf(request: RequestFacts): string {
  const forwarded = firstHeader(request.headers['x-forwarded-proto'])?.toLowerCase();
  return forwarded === 'https' || forwarded === 'http' ? forwarded : request.protocol;
}

// The origin the browser addressed, e.g. `https://console.example.com`.
export function ownOrigin(request: RequestFacts): string | null {
  if (!request.host) return null;
  try {
    return new URL(`${schemeOf(request)}://${request.host}`).origin;
  } catch {
    return null;
  }
}

export function isHttps(request: RequestFacts, publicBaseUrl: string): boolean {
  return schemeOf(request) === 'https' || publicBaseUrl.startsWith('https:');
}

// Same-origin: the request's own origin, or PUBLIC_BASE_URL's (behind a proxy that rewrites
// Host). A missing or `null` Origin is not same-origin.
export function originAllowed(request: RequestFacts, publicBaseUrl: string): boolean {
  const origin = firstHeader(request.headers['origin']);
  if (!origin || origin === 'null') return false;
  let given: string;
  try {
    given = new URL(origin).origin;
  } catch {
    return false;
  }
  return given === ownOrigin(request) || given === new URL(publicBaseUrl).origin;
}

// The base of links for people: PUBLIC_BASE_URL when it was set, else the request's own origin.
export function linkBase(
  request: RequestFacts,
  config: { PUBLIC_BASE_URL: string; publicBaseUrlGiven?: boolean },
): string {
  if (config.publicBaseUrlGiven) return config.PUBLIC_BASE_URL;
  return ownOrigin(request) ?? config.PUBLIC_BASE_URL;
}
