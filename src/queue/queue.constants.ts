// Every queue the service uses; processors register against these names.
export const QUEUES = {
  deliveries: 'deliveries',
  // Repeatable housekeeping: the delivery sweeper and the retention purge.
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
