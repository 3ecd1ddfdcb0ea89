// Every queue the service uses; processors register against these names. Only deliveries: the
// sweeper and the retention purge keep their schedule out of Redis (MaintenanceScheduler).
export const QUEUES = {
  deliveries: 'deliveries',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
