import {
  SIGN_IN_FAILURES_PER_EMAIL,
  SIGN_IN_FAILURES_PER_IP,
  SIGN_IN_WINDOW_MS,
  SignInThrottle,
} from './sign-in-throttle';

function setup() {
  const clock = { now: 1_000_000 };
  return { clock, throttle: new SignInThrottle(() => clock.now) };
}

describe('SignInThrottle', () => {
  it('stops an email after its failures, from any address, until the window ends', () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL; i++) {
      expect(throttle.begin('a@x.example', `10.0.0.${i}`)).toBe(0);
    }
    expect(throttle.begin('a@x.example', '10.9.9.9')).toBe(SIGN_IN_WINDOW_MS);
    expect(throttle.begin('b@x.example', '10.9.9.9')).toBe(0);
    clock.now += SIGN_IN_WINDOW_MS - 1;
    expect(throttle.begin('a@x.example', '10.9.9.9')).toBe(1);
    clock.now += 1;
    expect(throttle.begin('a@x.example', '10.9.9.9')).toBe(0);
  });

  it('stops an address after its failures across many emails', () => {
    const { throttle } = setup();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_IP; i++) {
      expect(throttle.begin(`u${i}@x.example`, '10.0.0.1')).toBe(0);
    }
    expect(throttle.begin('fresh@x.example', '10.0.0.1')).toBeGreaterThan(0);
    expect(throttle.begin('fresh@x.example', '10.0.0.2')).toBe(0);
  });

  it('clears the email on success but keeps the address’s earlier failures', () => {
    const { throttle } = setup();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_IP - 1; i++)
      throttle.begin(`u${i}@x.example`, '10.0.0.1');
    // A success, counted when it began, is taken back: the address is still one short.
    expect(throttle.begin('me@x.example', '10.0.0.1')).toBe(0);
    throttle.succeeded('me@x.example', '10.0.0.1');
    expect(throttle.begin('other@x.example', '10.0.0.1')).toBe(0);
    expect(throttle.begin('another@x.example', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('counts attempts still in flight, so parallel guesses cannot pass the limit', () => {
    const { throttle } = setup();
    const started = Array.from({ length: SIGN_IN_FAILURES_PER_EMAIL + 3 }, () =>
      throttle.begin('a@x.example', '10.0.0.1'),
    );
    expect(started.filter((waitMs) => waitMs === 0)).toHaveLength(SIGN_IN_FAILURES_PER_EMAIL);
  });

  it('counts failed invite acceptances against the address, with its sign-ins', () => {
    const { throttle } = setup();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_IP - 1; i++) {
      expect(throttle.beginInvite('10.0.0.1')).toBe(0);
    }
    // An accepted invite takes its count back.
    expect(throttle.beginInvite('10.0.0.1')).toBe(0);
    throttle.inviteAccepted('10.0.0.1');
    expect(throttle.begin('a@x.example', '10.0.0.1')).toBe(0);
    expect(throttle.beginInvite('10.0.0.1')).toBe(SIGN_IN_WINDOW_MS);
    expect(throttle.begin('b@x.example', '10.0.0.1')).toBeGreaterThan(0);
    expect(throttle.beginInvite('10.0.0.2')).toBe(0);
  });
});
