import { z } from 'zod';
import { openEnum } from './common.js';
import { REFUND_STATUSES, SETTLEMENT_STATUSES, VIRTUAL_ACCOUNT_TYPES } from './enums.js';

/** The refund account a buyer typed into the widget (readable for 30 min after the window opens). */
export const virtualAccountRefundReceiveAccountSchema = z.looseObject({
  bankCode: z.string(),
  accountNumber: z.string(),
  holderName: z.string(),
});
export type VirtualAccountRefundReceiveAccount = z.infer<typeof virtualAccountRefundReceiveAccountSchema>;

/**
 * `Payment.virtualAccount` (spec §3.4). 2022-11-16 answers `bankCode`; versions up to 2022-07-27
 * answered the bank's name in `bank`, so both are optional and at least one must be present.
 */
export const virtualAccountSchema = z
  .looseObject({
    accountType: openEnum(VIRTUAL_ACCOUNT_TYPES),
    accountNumber: z.string(),
    bankCode: z.string().optional(),
    /** Legacy (≤2022-07-27): the bank's Korean name. */
    bank: z.string().optional(),
    customerName: z.string(),
    depositorName: z.string().nullish(),
    /** `yyyy-MM-dd'T'HH:mm:ss`, observed with an offset. */
    dueDate: z.string(),
    refundStatus: openEnum(REFUND_STATUSES),
    expired: z.boolean(),
    settlementStatus: openEnum(SETTLEMENT_STATUSES),
    refundReceiveAccount: virtualAccountRefundReceiveAccountSchema.nullish(),
  })
  .refine((va) => va.bankCode !== undefined || va.bank !== undefined, {
    error: 'virtualAccount에 bankCode가 없습니다.',
    path: ['bankCode'],
  });
/** The virtual account of a virtual-account payment. */
export type VirtualAccount = z.infer<typeof virtualAccountSchema>;
