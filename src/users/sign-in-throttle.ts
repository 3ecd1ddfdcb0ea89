import { LRUCache } from 'lru-cache';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const SIGN_IN_FAILURES_PER_EMAIL = 5;
export const SIGN_IN_FAILURES_PER_IP = 20;
// Addresses and emails remembered; the least recently used go first (a flood of made-up emails
// costs memory only up to this).
const MAX_KEYS = 100_000;

// Failures per key in a fixed window that opens at the first failure. Per process: replicas
// count apart (a shared store is issue #21's).
export class FailureWindows {
  private readonly windows: LRUCache<string, { count: number; endsAt: number }>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new LRUCache({ max: MAX_KEYS });
  }

  // Milliseconds until `key` may try again; 0 = it may now.
  waitMs(key: string): number {
    const window = this.current(key);
    return window && window.count >= this.limit ? window.endsAt - this.now() : 0;
  }

  add(key: string, delta = 1): void {
    const window = this.current(key) ?? { count: 0, endsAt: this.now() + this.windowMs };
    window.count = Math.max(0, window.count + delta);
    this.windows.set(key, window);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string) {
    const window = this.windows.get(key);
    if (window && window.endsAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}

// Sign-in attempts are counted when they start, so parallel guesses can't slip past the limit
// while their hashes compute; a success takes its count back from the address and clears the
// email's (a success never clears the address's other failures).
export class SignInThrottle {
  private readonly byEmail: FailureWindows;
  private readonly byIp: FailureWindows;

  constructor(now: () => number = Date.now) {
    this.byEmail = new FailureWindows(SIGN_IN_FAILURES_PER_EMAIL, SIGN_IN_WINDOW_MS, now);
    this.byIp = new FailureWindows(SIGN_IN_FAILURES_PER_IP, SIGN_IN_WINDOW_MS, now);
  }

  // Milliseconds to wait (nothing counted), or 0 when the attempt may go ahead (counted).
  begin(email: string, ip: string): number {
    const waitMs = Math.max(this.byEmail.waitMs(email), this.byIp.waitMs(ip));
    if (waitMs > 0) return waitMs;
    this.byEmail.add(email);
    this.byIp.add(ip);
    return 0;
  }

  succeeded(email: string, ip: string): void {
    this.byEmail.reset(email);
    this.byIp.add(ip, -1);
  }

  // Invite acceptances count against the address like sign-ins, so guessing tokens is throttled
  // too; same answer as begin().
  beginInvite(ip: string): number {
    const waitMs = this.byIp.waitMs(ip);
    if (waitMs === 0) this.byIp.add(ip);
    return waitMs;
  }

  inviteAccepted(ip: string): void {
    this.byIp.add(ip, -1);
  }
}
