import { describe, expect, it } from 'vitest';
import { loggableCause, redactCauseText, redactLogFields, redactLogText } from './log-redaction.js';

const SECRET = 'custom-emulator-secret-1234';

describe('log redaction', () => {
  it('removes key shapes, given secrets, card, resident and virtual-account numbers from text', () => {
    const text = `key test_sk_abcdEFGH1234 custom ${SECRET} card 4330 1234 1234 1235 rrn 9001011234567 va ps_Z1aOwX7K8mYgxWxyQyA8`;
    const out = redactLogText(text, [SECRET]);
    for (const secret of [
      'test_sk_abcdEFGH1234',
      SECRET,
      '4330 1234 1234 1235',
      '9001011234567',
      'ps_Z1aOwX7K8mY',
    ])
      expect(out).not.toContain(secret);
    expect(out.match(/\[REDACTED\]/g)).toHaveLength(5);
  });

  it('keeps numbers that are no card (Luhn fails), amounts and hex ids', () => {
    const text =
      'order 4330123412341234 amount 27000 uuid 3f1e2d4c-5b6a-4798-8877-665544332211 at 1796410491968 id order-1796410491969-1';
    expect(redactCauseText(text)).toBe(text);
  });

  it('removes long opaque tokens (billing keys) from a cause, not from paths of a stack', () => {
    const billingKey = 'Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0Q';
    const stack = `Error: charge of ${billingKey} failed\n    at charge (/work/shop/src/billing/charge-subscription.ts:12:3)`;
    const out = redactCauseText(stack);
    expect(out).not.toContain(billingKey);
    expect(out).toContain('/work/shop/src/billing/charge-subscription.ts:12:3');
  });

  it('leaves ids alone: an orderId built from a timestamp is no card number', () => {
    const orderId = 'rc-order-1796410491968-1';
    expect(redactLogFields({ orderId, note: `for ${orderId}` })).toEqual({ orderId, note: `for ${orderId}` });
  });

  it('replaces secret-named fields whatever they hold, and redacts nested strings', () => {
    const fields = redactLogFields(
      {
        orderId: 'order-1',
        billingKey: 'anything',
        card: { cardNumber: '1', issuerCode: '61' },
        note: `with ${SECRET}`,
        secret: 'x',
        customer_identity_number: '881212',
      },
      [SECRET],
    );
    expect(fields).toEqual({
      orderId: 'order-1',
      billingKey: '[REDACTED]',
      card: { cardNumber: '[REDACTED]', issuerCode: '61' },
      note: 'with [REDACTED]',
      secret: '[REDACTED]',
      customer_identity_number: '[REDACTED]',
    });
  });

  it('a cause keeps its name, code, stack and chain, redacted', () => {
    const inner = new Error(`socket to ${SECRET} closed`);
    const outer = Object.assign(new TypeError('write failed', { cause: inner }), { code: 'EPIPE' });
    const safe = loggableCause(outer, [SECRET]) as Error & { code?: string; cause?: Error };
    expect(safe.name).toBe('TypeError');
    expect(safe.code).toBe('EPIPE');
    expect(safe.stack).toContain('log-redaction.test.ts');
    expect(safe.cause?.message).toBe('socket to [REDACTED] closed');
    expect(loggableCause('plain text').message).toBe('plain text');
  });
});
