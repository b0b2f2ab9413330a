import { z } from 'zod';

/** `{ code, message }`: the gateway's error body and `Payment.failure` / `CashReceipt.failure` (spec §3.7). */
export const failureSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
});
export type Failure = z.infer<typeof failureSchema>;
