import { describe, expect, it } from 'vitest';
import { paymentSchema } from '../models/index.js';
import {
  makeCardPayment,
  makeVirtualAccountPayment,
  runLedgerConformance,
} from '../testing/ledger-conformance.js';
import { createMemoryLedger } from './memory-ledger.js';

runLedgerConformance('memory', ({ now }) => createMemoryLedger({ now }));

describe('conformance fixtures', () => {
  it('are Payments the gateway schema accepts', () => {
    const samples = [
      makeCardPayment(),
      makeCardPayment({
        cancels: [
          { cancelAmount: 5_000, transactionKey: 'txrd_c1' },
          { cancelAmount: 10_000, transactionKey: 'txrd_c2' },
        ],
      }),
      makeCardPayment({ status: 'IN_PROGRESS' }),
      makeVirtualAccountPayment(),
      makeVirtualAccountPayment({ deposited: true }),
    ];
    for (const sample of samples) {
      const parsed = paymentSchema.safeParse(sample);
      expect(parsed.success ? 'valid' : JSON.stringify(parsed.error.issues)).toBe('valid');
    }
  });

  it('cancel arithmetic matches the gateway: balance and refundable amounts fall with each cancel', () => {
    const p = makeCardPayment({
      totalAmount: 15_000,
      cancels: [
        { cancelAmount: 5_000, transactionKey: 'a' },
        { cancelAmount: 10_000, transactionKey: 'b' },
      ],
    }) as unknown as {
      status: string;
      balanceAmount: number;
      cancels: { refundableAmount: number }[];
    };
    expect(p.status).toBe('CANCELED');
    expect(p.balanceAmount).toBe(0);
    expect(p.cancels.map((c) => c.refundableAmount)).toEqual([10_000, 0]);
  });
});
