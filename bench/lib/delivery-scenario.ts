import type { BenchApp } from './app-process';
import { startBareRelay } from './bare-relay';
import { deliveryRoles, serviceSettings, startDeliveryApp } from './network';
import { BenchReceiver } from './receiver';
import { loadAverageNow, machineLine } from './stats';

export interface DeliverySteps<B> {
  // The floor, measured first and alone on the machine.
  baseline(receiver: BenchReceiver): Promise<B>;
  // The service with the delivery roles; returns the scenario's own figures.
  measure(app: BenchApp, receiver: BenchReceiver, baseline: B): Promise<Record<string, unknown>>;
}

// What the delivery scenarios share: their settings printed with the machine's, one loopback
// receiver (emptied between baseline and service), the service started and stopped, and the
// settings and load averages around the run in the result.
export async function runDeliveryScenario<B>(
  name: string,
  settings: Record<string, unknown>,
  steps: DeliverySteps<B>,
): Promise<Record<string, unknown>> {
  const roles = deliveryRoles();
  const loadAverageAtStart = loadAverageNow();
  console.log(machineLine());
  console.log(`${name}: ${JSON.stringify({ ...settings, roles, ...serviceSettings() })}`);
  const receiver = await BenchReceiver.start();
  try {
    const baseline = await steps.baseline(receiver);
    receiver.reset();
    const app = await startDeliveryApp(roles);
    try {
      const figures = await steps.measure(app, receiver, baseline);
      return {
        settings: { ...settings, roles, ...serviceSettings(), role: app.role },
        loadAverageAtStart,
        loadAverageAtEnd: loadAverageNow(),
        ...figures,
      };
    } finally {
      await app.stop();
    }
  } finally {
    await receiver.stop();
  }
}

// Runs `use` against a bare relay that fires `fanout` requests to `receiver.origin + path`.
export async function withBareRelay<T>(
  receiver: BenchReceiver,
  path: string,
  fanout: number,
  use: (relayUrl: string) => Promise<T>,
): Promise<T> {
  const relay = await startBareRelay({
    target: `${receiver.origin}${path}`,
    fanout,
    connections: 20,
  });
  try {
    return await use(relay.baseUrl);
  } finally {
    await relay.stop();
  }
}
