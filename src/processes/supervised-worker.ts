import { FromWorker, isMessage, ToWorker, WorkerMetrics } from './process-messages';

// The worker side of ROLE=all: answers the API process's metrics requests, says when it is
// ready, and stops when the API process is gone (an orphan would keep delivering unsupervised).
export function serveSupervisor(
  metrics: () => Promise<WorkerMetrics>,
  stop: (reason: string) => void,
): { ready(): void } {
  const send = (message: FromWorker) => process.send?.(message);
  process.on('message', (message: unknown) => {
    if (!isMessage<ToWorker>(message) || message.type !== 'metrics') return;
    metrics().then(
      (values) => send({ type: 'metrics', id: message.id, metrics: values }),
      () => send({ type: 'metrics', id: message.id, metrics: [] }),
    );
  });
  process.once('disconnect', () => stop('the API process is gone'));
  return { ready: () => send({ type: 'ready' }) };
}
