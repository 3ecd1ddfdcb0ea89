// Every queue the service uses; processors register against these names.
export const QUEUES = {
  deliveries: 'deliveries',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
