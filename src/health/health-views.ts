export class LivenessView {
  status: 'ok';
}

export class CheckView {
  ok: boolean;
  // Why the check failed; absent when ok.
  error?: string;
}

export class ReadinessChecks {
  postgres: CheckView;
  redis: CheckView;
}

export class ReadinessView {
  status: 'ok' | 'unavailable';
  checks: ReadinessChecks;
}
