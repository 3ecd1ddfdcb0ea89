// The classic 1×1 transparent GIF89a (43 bytes): what tracking pixels answer.
export const TRANSPARENT_GIF: Buffer = Buffer.from(
  '47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b',
  'hex',
);
