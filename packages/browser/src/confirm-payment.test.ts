// confirmPayment against a fake fetch (the server's side of the "confirming" answer is covered by core's
// confirm route tests): 200 at once, 202 → 202 → 200 with the server's Retry-After honoured and capped,
// 202 → 4xx, a timeout while still confirming, a 5xx or lost connection asked again, and an abort.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmPayment, isCheckoutError, type PendingConfirm } from './index.js';

const INPUT = { paymentKey: 'tgen_20261203abcdEF', orderId: 'order-confirm-0001', amount: 15_000 };
const PAYMENT = { paymentKey: INPUT.paymentKey, orderId: INPUT.orderId, status: 'DONE', totalAmount: 15_000 };

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

const confirming = (retryAfterMs: number) => ({
  status: 202,
  headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
  body: {
    code: 'PAYMENT_CONFIRMING',
    message: '결제를 확인하고 있습니다.',
    orderId: INPUT.orderId,
    paymentKey: INPUT.paymentKey,
    retryAfterMs,
  },
});

/** A fetch that answers `answers` in turn, and records when each POST arrived (fake clock) and what it carried. */
function fakeServer(answers: Answer[]) {
  const posts: { at: number; url: string; init: RequestInit; aborted: boolean }[] = [];
  const start = Date.now();
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    posts.push({
      at: Date.now() - start,
      url: String(url),
      init: init ?? {},
      aborted: !!init?.signal?.aborted,
    });
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const answer = answers[Math.min(posts.length, answers.length) - 1]!;
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, posts };
}

/** Runs `confirmPayment` to its end on the fake clock; resolves with its value or its error. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; at: number }> {
  const start = Date.now();
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  while (outcome === undefined) await vi.advanceTimersByTimeAsync(50);
  return { ...outcome, at: Date.now() - start };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('confirmPayment', () => {
  it('200: posts the confirm once to the endpoint and resolves with the payment', async () => {
    const server = fakeServer([{ status: 200, body: PAYMENT }]);
    const onPending = vi.fn();
    const result = await settle(
      confirmPayment({ ...INPUT, endpoint: '/shop/payments/confirm', fetch: server.fetch, onPending }),
    );
    expect(result.value).toEqual(PAYMENT);
    expect(server.posts).toHaveLength(1);
    expect(server.posts[0]!.url).toBe('/shop/payments/confirm');
    expect(server.posts[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(String(server.posts[0]!.init.body))).toEqual(INPUT);
    expect(onPending).not.toHaveBeenCalled();
  });

  it('202 → 202 → 200: waits what the server asks (backed off, capped), re-posts the same confirm, resolves', async () => {
    const server = fakeServer([confirming(2_000), confirming(60_000), { status: 200, body: PAYMENT }]);
    const pending: PendingConfirm[] = [];
    const result = await settle(
      confirmPayment({ ...INPUT, fetch: server.fetch, maxDelayMs: 5_000, onPending: (p) => pending.push(p) }),
    );
    expect(result.value).toEqual(PAYMENT);
    // the server's 2 s, then its 60 s capped at maxDelayMs
    expect(pending).toEqual([
      { attempt: 1, delayMs: 2_000, code: 'PAYMENT_CONFIRMING', message: '결제를 확인하고 있습니다.' },
      { attempt: 2, delayMs: 5_000, code: 'PAYMENT_CONFIRMING', message: '결제를 확인하고 있습니다.' },
    ]);
    expect(server.posts.map((p) => p.at)).toEqual([0, 2_000, 7_000]);
    expect(new Set(server.posts.map((p) => p.init.body))).toEqual(new Set([JSON.stringify(INPUT)]));
  });

  it('reads Retry-After (seconds) when the body has no retryAfterMs, and backs off when the hint is short', async () => {
    const bare = { status: 202, headers: { 'retry-after': '3' }, body: { code: 'PAYMENT_CONFIRMING' } };
    const short = { ...confirming(1), headers: {} };
    const server = fakeServer([bare, short, short, { status: 200, body: PAYMENT }]);
    const pending: number[] = [];
    await settle(
      confirmPayment({ ...INPUT, fetch: server.fetch, onPending: (p) => pending.push(p.delayMs) }),
    );
    // 3 s from the header; then 1 ms asked, but at least 0.5 s doubling per answer: 1 s, 2 s
    expect(pending).toEqual([3_000, 1_000, 2_000]);
  });

  it('202 → 400: rejects with CONFIRM_FAILED carrying the server’s code and message', async () => {
    const server = fakeServer([
      confirming(1_000),
      { status: 400, body: { code: 'REJECT_CARD_PAYMENT', message: '카드 결제가 거절되었습니다.' } },
    ]);
    const { error } = await settle(confirmPayment({ ...INPUT, fetch: server.fetch }));
    expect(isCheckoutError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'CONFIRM_FAILED',
      message: '카드 결제가 거절되었습니다.',
      details: {
        status: 400,
        code: 'REJECT_CARD_PAYMENT',
        orderId: INPUT.orderId,
        paymentKey: INPUT.paymentKey,
      },
    });
    expect(server.posts).toHaveLength(2);
  });

  it('still confirming when timeoutMs runs out: rejects with CONFIRM_TIMEOUT at the deadline, not later', async () => {
    const server = fakeServer([confirming(1_000)]);
    const { error, at } = await settle(confirmPayment({ ...INPUT, fetch: server.fetch, timeoutMs: 2_500 }));
    expect(error).toMatchObject({
      code: 'CONFIRM_TIMEOUT',
      details: { status: 202, code: 'PAYMENT_CONFIRMING', orderId: INPUT.orderId },
    });
    // asked at 0, 1 s, 2 s and a last time at the deadline
    expect(server.posts.map((p) => p.at)).toEqual([0, 1_000, 2_000, 2_500]);
    expect(at).toBeLessThanOrEqual(2_550);
  });

  it('a lost connection and a 503 leave the outcome open: asked again, then the payment', async () => {
    const server = fakeServer([
      'network-error',
      { status: 503, headers: { 'retry-after': '1' }, body: { code: 'LEDGER_UNAVAILABLE', message: '…' } },
      { status: 200, body: PAYMENT },
    ]);
    const codes: string[] = [];
    const result = await settle(
      confirmPayment({ ...INPUT, fetch: server.fetch, onPending: (p) => codes.push(p.code) }),
    );
    expect(result.value).toEqual(PAYMENT);
    expect(codes).toEqual(['SERVER_UNAVAILABLE', 'LEDGER_UNAVAILABLE']);
  });

  it('an abort during the wait rejects with CONFIRM_ABORTED at once and posts no more', async () => {
    const server = fakeServer([confirming(30_000)]);
    const controller = new AbortController();
    const promise = confirmPayment({ ...INPUT, fetch: server.fetch, signal: controller.signal });
    setTimeout(() => controller.abort(), 1_000);
    const { error, at } = await settle(promise);
    expect(error).toMatchObject({ code: 'CONFIRM_ABORTED', details: { orderId: INPUT.orderId } });
    expect(at).toBeLessThan(1_200);
    expect(server.posts).toHaveLength(1);
    expect(server.posts[0]!.aborted).toBe(false);
  });
});
