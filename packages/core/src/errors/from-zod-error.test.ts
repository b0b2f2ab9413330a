import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssuePath, fromZodError } from './from-zod-error.js';
import { ValidationError } from './tosskit-error.js';

describe('fromZodError', () => {
  const schema = z.object({
    orderId: z.string().min(6),
    refundReceiveAccount: z.object({ accountNumber: z.string().regex(/^\d+$/) }),
    items: z.array(z.object({ amount: z.number().int() })),
  });

  it('maps every zod issue to { path, message } in a 400 ValidationError', () => {
    const result = schema.safeParse({
      orderId: 'abc',
      refundReceiveAccount: { accountNumber: '12-34' },
      items: [{ amount: 1 }, { amount: 1.5 }],
    });
    expect(result.success).toBe(false);
    const err = fromZodError(result.error!);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.details.issues.map((i) => i.path)).toEqual([
      'orderId',
      'refundReceiveAccount.accountNumber',
      'items[1].amount',
    ]);
    for (const issue of err.details.issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  it('takes another code', () => {
    const result = z.object({ amount: z.number() }).safeParse({ amount: 'x' });
    const err = fromZodError(result.error!, 'INVALID_AMOUNT');
    expect(err.code).toBe('INVALID_AMOUNT');
    expect(err.details.issues).toEqual([{ path: 'amount', message: expect.any(String) }]);
  });

  it('copies no input value into the error', () => {
    const result = z.object({ cardNumber: z.number() }).safeParse({ cardNumber: '4111111111111111' });
    const err = fromZodError(result.error!);
    expect(JSON.stringify(err)).not.toContain('4111111111111111');
    expect(err.message).not.toContain('4111111111111111');
  });
});

describe('formatIssuePath', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b', 0], 'a.b[0]'],
    [[0, 'x'], '[0].x'],
    [['a', 'b c'], 'a["b c"]'],
    [['a', 2, 3], 'a[2][3]'],
  ] as const)('%j → %s', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected);
  });
});
