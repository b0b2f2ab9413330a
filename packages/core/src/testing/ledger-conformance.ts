/**
 * The one conformance suite every Ledger implementation runs (memory, PGlite, PostgreSQL).
 * Each test gets a fresh ledger from `factory` and closes it afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeVat } from '../amount/index.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Payment, PaymentStatus } from '../models/index.js';

export type LedgerFactory = () => Ledger | Promise<Ledger>;

let sequence = 0;
function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${Date.now().toString(36)}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface TestCancel {
  cancelAmount: number;
  transactionKey: string;
  cancelReason?: string;
}

/** A realistic 2022-11-16 card Payment (every method object present, nulls where they do not apply). */
export function makeCardPayment(
  input: {
    paymentKey?: string;
    orderId?: string;
    status?: PaymentStatus;
    totalAmount?: number;
    approvalKey?: string;
    cancels?: TestCancel[];
    extra?: Record<string, unknown>;
  } = {},
): Payment {
  const totalAmount = input.totalAmount ?? 15_000;
  const cancelsIn = input.cancels ?? [];
  let balance = totalAmount;
  const cancels = cancelsIn.map((c, i) => {
    balance -= c.cancelAmount;
    return {
      cancelAmount: c.cancelAmount,
      cancelReason: c.cancelReason ?? `고객 요청 ${i + 1}`,
      taxFreeAmount: 0,
      taxExemptionAmount: 0,
      refundableAmount: balance,
      cardDiscountAmount: 0,
      transferDiscountAmount: 0,
      easyPayDiscountAmount: 0,
      canceledAt: `2024-02-13T12:${String(20 + i).padStart(2, '0')}:00+09:00`,
      transactionKey: c.transactionKey,
      receiptKey: null,
      cancelStatus: 'DONE',
      cancelRequestId: null,
    };
  });
  const status: PaymentStatus =
    input.status ?? (cancels.length === 0 ? 'DONE' : balance === 0 ? 'CANCELED' : 'PARTIAL_CANCELED');
  const approvalKey =
    input.approvalKey ??
    'txrd_a01' +
      unique('k')
        .replace(/[^a-z0-9]/gi, '')
        .slice(-20);
  const approved =
    status !== 'READY' && status !== 'IN_PROGRESS' && status !== 'ABORTED' && status !== 'EXPIRED';
  const { vat } = computeVat(balance);
  return {
    mId: 'tvivarepublica',
    version: '2022-11-16',
    paymentKey: input.paymentKey ?? unique('tgen_pk'),
    orderId: input.orderId ?? unique('order'),
    orderName: '토스 티셔츠 외 2건',
    type: 'NORMAL',
    currency: 'KRW',
    method: '카드',
    status,
    totalAmount,
    balanceAmount: balance,
    suppliedAmount: balance - vat,
    vat,
    taxFreeAmount: 0,
    taxExemptionAmount: 0,
    requestedAt: '2024-02-13T12:17:57+09:00',
    approvedAt: approved ? '2024-02-13T12:18:14+09:00' : null,
    useEscrow: false,
    cultureExpense: false,
    lastTransactionKey:
      cancels.length > 0 ? cancels[cancels.length - 1]!.transactionKey : approved ? approvalKey : null,
    isPartialCancelable: true,
    cancels: cancels.length > 0 ? cancels : null,
    card: {
      issuerCode: '71',
      acquirerCode: '71',
      number: '12345678****000*',
      installmentPlanMonths: 0,
      isInterestFree: false,
      interestPayer: null,
      approveNo: '00000000',
      useCardPoint: false,
      cardType: '신용',
      ownerType: '개인',
      acquireStatus: 'READY',
      amount: totalAmount,
    },
    virtualAccount: null,
    transfer: null,
    mobilePhone: null,
    giftCertificate: null,
    cashReceipt: null,
    cashReceipts: null,
    discount: null,
    easyPay: null,
    secret: null,
    receipt: { url: 'https://dashboard.tosspayments.com/receipt/redirection?transactionId=x&ref=PX' },
    checkout: { url: 'https://api.tosspayments.com/v1/payments/x/checkout' },
    failure: null,
    country: 'KR',
    metadata: null,
    ...input.extra,
  } as unknown as Payment;
}

/** A virtual-account Payment, waiting for deposit or deposited, carrying its `secret`. */
export function makeVirtualAccountPayment(
  input: {
    paymentKey?: string;
    orderId?: string;
    deposited?: boolean;
    secret?: string;
    totalAmount?: number;
  } = {},
): Payment {
  const deposited = input.deposited ?? false;
  const base = makeCardPayment({
    paymentKey: input.paymentKey,
    orderId: input.orderId,
    totalAmount: input.totalAmount ?? 50_000,
    status: deposited ? 'DONE' : 'WAITING_FOR_DEPOSIT',
  }) as unknown as Record<string, unknown>;
  return {
    ...base,
    method: '가상계좌',
    card: null,
    approvedAt: deposited ? '2024-02-14T09:00:00+09:00' : null,
    lastTransactionKey: deposited ? base.lastTransactionKey : null,
    secret:
      input.secret ??
      'ps_' +
        unique('s')
          .replace(/[^a-z0-9]/gi, '')
          .slice(-27),
    virtualAccount: {
      accountType: '일반',
      accountNumber: 'X6505636518308',
      bankCode: '20',
      customerName: '박토스',
      depositorName: null,
      dueDate: '2024-02-20T23:59:59+09:00',
      refundStatus: 'NONE',
      expired: false,
      settlementStatus: 'INCOMPLETED',
      refundReceiveAccount: null,
    },
  } as unknown as Payment;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function runLedgerConformance(name: string, factory: LedgerFactory): void {
  describe(`Ledger conformance: ${name}`, () => {
    let ledger: Ledger;
    beforeEach(async () => {
      ledger = await factory();
    });
    afterEach(async () => {
      await ledger.close();
    });

    describe('confirm claims', () => {
      it('gives the first claimant the claim and answers busy to the next one', async () => {
        const orderId = unique('order');
        const first = await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk1',
          amount: 15_000,
          owner: 'a',
          leaseMs: 60_000,
        });
        expect(first.status).toBe('won');
        expect(first.claim).toMatchObject({
          orderId,
          paymentKey: 'pk1',
          amount: 15_000,
          state: 'claimed',
          owner: 'a',
          outcome: null,
        });
        const second = await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk1',
          amount: 15_000,
          owner: 'b',
          leaseMs: 60_000,
        });
        expect(second.status).toBe('busy');
        expect(second.claim.owner).toBe('a');
        const other = await ledger.claimConfirm({
          orderId: unique('order'),
          paymentKey: 'pk2',
          amount: 100,
          owner: 'b',
          leaseMs: 60_000,
        });
        expect(other.status).toBe('won');
      });

      it('has exactly one winner among 50 concurrent claims of one order', async () => {
        const orderId = unique('order');
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            ledger.claimConfirm({
              orderId,
              paymentKey: 'pk',
              amount: 15_000,
              owner: `owner-${i}`,
              leaseMs: 60_000,
            }),
          ),
        );
        const won = results.filter((r) => r.status === 'won');
        expect(won).toHaveLength(1);
        expect(results.filter((r) => r.status === 'busy')).toHaveLength(49);
        const winner = won[0]!.claim.owner;
        for (const r of results) expect(r.claim.owner).toBe(winner);
        expect((await ledger.getClaim(orderId))?.owner).toBe(winner);
      });

      it('answers settled with the outcome once the holder settles', async () => {
        const orderId = unique('order');
        await ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner: 'a', leaseMs: 60_000 });
        await ledger.settleClaim(orderId, 'a', { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
        const claim = await ledger.getClaim(orderId);
        expect(claim).toMatchObject({
          state: 'settled',
          outcome: { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' },
        });
        const again = await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 3_000,
          owner: 'b',
          leaseMs: 60_000,
        });
        expect(again.status).toBe('settled');
        expect(again.claim.outcome).toEqual({ kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
        // a settled claim is never taken over, even long after its lease
        const later = await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 3_000,
          owner: 'c',
          leaseMs: 1,
          now: Date.now() + 86_400_000,
        });
        expect(later.status).toBe('settled');
      });

      it('lets the order be claimed again after a release, with the new payment', async () => {
        const orderId = unique('order');
        await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk-declined',
          amount: 3_000,
          owner: 'a',
          leaseMs: 60_000,
        });
        await ledger.releaseClaim(orderId, 'a', {
          kind: 'failed',
          code: 'REJECT_CARD_COMPANY',
          message: '거절',
        });
        expect(await ledger.getClaim(orderId)).toMatchObject({
          state: 'released',
          outcome: { kind: 'failed', code: 'REJECT_CARD_COMPANY', message: '거절' },
        });
        const retry = await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk-second',
          amount: 3_000,
          owner: 'b',
          leaseMs: 60_000,
        });
        expect(retry.status).toBe('won');
        expect(retry.claim).toMatchObject({
          paymentKey: 'pk-second',
          owner: 'b',
          state: 'claimed',
          outcome: null,
        });
      });

      it('ignores settle and release from a caller that does not hold the claim', async () => {
        const orderId = unique('order');
        await ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner: 'a', leaseMs: 60_000 });
        await ledger.settleClaim(orderId, 'intruder', {
          kind: 'confirmed',
          paymentKey: 'pk',
          status: 'DONE',
        });
        await ledger.releaseClaim(orderId, 'intruder', { kind: 'failed', code: 'X', message: 'x' });
        expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'claimed', owner: 'a', outcome: null });
        await ledger.settleClaim(unique('missing'), 'a', {
          kind: 'confirmed',
          paymentKey: 'pk',
          status: 'DONE',
        });
        expect(await ledger.getClaim(unique('missing'))).toBeNull();
      });

      it('lets another instance take over a claim whose lease ended, and ignores the old holder afterwards', async () => {
        const orderId = unique('order');
        const t0 = Date.now();
        await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 3_000,
          owner: 'crashed',
          leaseMs: 1_000,
          now: t0,
        });
        const early = await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 3_000,
          owner: 'b',
          leaseMs: 1_000,
          now: t0 + 500,
        });
        expect(early.status).toBe('busy');
        const takeover = await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 3_000,
          owner: 'b',
          leaseMs: 1_000,
          now: t0 + 1_500,
        });
        expect(takeover.status).toBe('won');
        expect(takeover.claim).toMatchObject({ owner: 'b', state: 'claimed', leaseUntil: t0 + 2_500 });
        await ledger.settleClaim(orderId, 'crashed', { kind: 'failed', code: 'LATE', message: 'late' });
        expect(await ledger.getClaim(orderId)).toMatchObject({ owner: 'b', state: 'claimed' });
        await ledger.settleClaim(orderId, 'b', { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
        expect((await ledger.getClaim(orderId))?.state).toBe('settled');
      });

      it('settles a claim and records its payment in one call', async () => {
        const payment = makeCardPayment({ totalAmount: 15_000 });
        const { orderId, paymentKey } = payment;
        await ledger.claimConfirm({ orderId, paymentKey, amount: 15_000, owner: 'a', leaseMs: 60_000 });
        const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
        const result = await ledger.settleClaimWithPayment(orderId, 'a', outcome, payment, 1_700_000_000_000);
        expect(result.applied).toBe(true);
        expect(result.previous).toBeNull();
        expect(result.current).toMatchObject({ paymentKey, orderId, status: 'DONE', revision: 1 });
        expect(result.newTransactions.map((t) => t.kind)).toEqual(['APPROVAL']);
        expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'settled', owner: 'a', outcome });
        expect((await ledger.getPayment(paymentKey))?.payment).toEqual(payment);
        expect(await ledger.listTransactions(paymentKey)).toEqual(result.newTransactions);
        // a refresh of the success page is answered from the settled claim
        const again = await ledger.claimConfirm({
          orderId,
          paymentKey,
          amount: 15_000,
          owner: 'b',
          leaseMs: 60_000,
        });
        expect(again.status).toBe('settled');
      });

      it('settles the claim with a payment that was already recorded (a webhook came first), without applying it twice', async () => {
        const payment = makeCardPayment();
        const { orderId, paymentKey } = payment;
        await ledger.claimConfirm({ orderId, paymentKey, amount: 15_000, owner: 'a', leaseMs: 60_000 });
        await ledger.recordPayment(payment);
        const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
        const result = await ledger.settleClaimWithPayment(orderId, 'a', outcome, payment);
        expect(result.applied).toBe(false);
        expect(result.newTransactions).toEqual([]);
        expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'settled', outcome });
        expect((await ledger.getPayment(paymentKey))?.revision).toBe(1);
        expect(await ledger.listTransactions(paymentKey)).toHaveLength(1);
      });

      it('settles the claim but keeps a newer snapshot when the one given is older', async () => {
        const approvalKey = unique('txa');
        const done = makeCardPayment({ approvalKey });
        const { orderId, paymentKey } = done;
        const canceled = makeCardPayment({
          paymentKey,
          orderId,
          approvalKey,
          cancels: [{ cancelAmount: 15_000, transactionKey: unique('txc') }],
        });
        await ledger.claimConfirm({ orderId, paymentKey, amount: 15_000, owner: 'a', leaseMs: 60_000 });
        await ledger.recordPayment(canceled);
        const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
        const result = await ledger.settleClaimWithPayment(orderId, 'a', outcome, done);
        expect(result.applied).toBe(false);
        expect(result.current.status).toBe('CANCELED');
        expect((await ledger.getPayment(paymentKey))?.status).toBe('CANCELED');
        expect((await ledger.getClaim(orderId))?.state).toBe('settled');
      });

      it('records the payment but leaves the claim alone when the caller no longer holds it', async () => {
        const payment = makeCardPayment();
        const { orderId, paymentKey } = payment;
        const t0 = Date.now();
        await ledger.claimConfirm({
          orderId,
          paymentKey,
          amount: 15_000,
          owner: 'crashed',
          leaseMs: 1_000,
          now: t0,
        });
        await ledger.claimConfirm({
          orderId,
          paymentKey,
          amount: 15_000,
          owner: 'b',
          leaseMs: 60_000,
          now: t0 + 2_000,
        });
        const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
        const result = await ledger.settleClaimWithPayment(orderId, 'crashed', outcome, payment);
        expect(result.applied).toBe(true);
        expect(await ledger.getClaim(orderId)).toMatchObject({ owner: 'b', state: 'claimed', outcome: null });
        expect((await ledger.getPayment(paymentKey))?.status).toBe('DONE');
      });

      it('renews the lease of a claim only for its holder while it is held', async () => {
        const orderId = unique('order');
        const t0 = Date.now();
        const claimAt = (owner: string, now: number) =>
          ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner, leaseMs: 1_000, now });
        expect((await claimAt('a', t0)).status).toBe('won');
        expect(await ledger.renewClaim(orderId, 'a', 1_000, t0 + 800)).toBe(true);
        expect((await ledger.getClaim(orderId))?.leaseUntil).toBe(t0 + 1_800);
        // past the first lease, the renewed claim is still held
        expect((await claimAt('b', t0 + 1_500)).status).toBe('busy');
        expect(await ledger.renewClaim(orderId, 'intruder', 60_000, t0 + 1_500)).toBe(false);
        expect((await ledger.getClaim(orderId))?.leaseUntil).toBe(t0 + 1_800);
        expect(await ledger.renewClaim(unique('missing'), 'a', 1_000)).toBe(false);
        await ledger.settleClaim(orderId, 'a', { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
        expect(await ledger.renewClaim(orderId, 'a', 1_000)).toBe(false);
        expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'settled', leaseUntil: t0 + 1_800 });
      });

      it('has exactly one winner among 30 concurrent takeovers of an abandoned claim', async () => {
        const orderId = unique('order');
        const t0 = Date.now() - 10_000;
        await ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 3_000,
          owner: 'crashed',
          leaseMs: 1_000,
          now: t0,
        });
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            ledger.claimConfirm({
              orderId,
              paymentKey: 'pk',
              amount: 3_000,
              owner: `r${i}`,
              leaseMs: 60_000,
            }),
          ),
        );
        expect(results.filter((r) => r.status === 'won')).toHaveLength(1);
      });

      it('lists only claims still held whose lease ended, oldest first, up to the limit', async () => {
        const now = Date.now();
        const live = unique('live');
        const settled = unique('settled');
        const released = unique('released');
        const old1 = unique('old1');
        const old2 = unique('old2');
        await ledger.claimConfirm({
          orderId: live,
          paymentKey: 'p',
          amount: 100,
          owner: 'a',
          leaseMs: 60_000,
          now,
        });
        await ledger.claimConfirm({
          orderId: settled,
          paymentKey: 'p',
          amount: 100,
          owner: 'a',
          leaseMs: 1,
          now: now - 5_000,
        });
        await ledger.settleClaim(settled, 'a', { kind: 'confirmed', paymentKey: 'p', status: 'DONE' });
        await ledger.claimConfirm({
          orderId: released,
          paymentKey: 'p',
          amount: 100,
          owner: 'a',
          leaseMs: 1,
          now: now - 5_000,
        });
        await ledger.releaseClaim(released, 'a', { kind: 'failed', code: 'X', message: 'x' });
        await ledger.claimConfirm({
          orderId: old2,
          paymentKey: 'p2',
          amount: 200,
          owner: 'a',
          leaseMs: 1_000,
          now: now - 3_000,
        });
        await ledger.claimConfirm({
          orderId: old1,
          paymentKey: 'p1',
          amount: 100,
          owner: 'a',
          leaseMs: 1_000,
          now: now - 9_000,
        });
        const abandoned = await ledger.listAbandonedClaims(now);
        expect(abandoned.map((c) => c.orderId)).toEqual([old1, old2]);
        expect(abandoned[0]).toMatchObject({ paymentKey: 'p1', amount: 100, state: 'claimed' });
        expect((await ledger.listAbandonedClaims(now, 1)).map((c) => c.orderId)).toEqual([old1]);
        expect(await ledger.listAbandonedClaims(now - 20_000)).toEqual([]);
      });
    });

    describe('payments and transactions', () => {
      it('records a snapshot with its fields, readable by paymentKey and by orderId, with one approval transaction', async () => {
        const payment = makeCardPayment({ totalAmount: 15_000, approvalKey: 'txrd_a01approve0001' });
        const result = await ledger.recordPayment(payment, 1_700_000_000_000);
        expect(result.applied).toBe(true);
        expect(result.previous).toBeNull();
        expect(result.current).toMatchObject({
          paymentKey: payment.paymentKey,
          orderId: payment.orderId,
          status: 'DONE',
          method: '카드',
          totalAmount: 15_000,
          balanceAmount: 15_000,
          lastTransactionKey: 'txrd_a01approve0001',
          revision: 1,
          updatedAt: 1_700_000_000_000,
        });
        expect(result.newTransactions).toEqual([
          {
            transactionKey: 'txrd_a01approve0001',
            paymentKey: payment.paymentKey,
            orderId: payment.orderId,
            kind: 'APPROVAL',
            amount: 15_000,
            status: 'DONE',
            at: '2024-02-13T12:18:14+09:00',
            reason: null,
          },
        ]);
        const byKey = await ledger.getPayment(payment.paymentKey);
        expect(byKey?.payment).toEqual(payment);
        expect(await ledger.getPaymentByOrderId(payment.orderId)).toEqual(byKey);
        expect(await ledger.listTransactions(payment.paymentKey)).toEqual(result.newTransactions);
        expect(await ledger.getPayment(unique('nope'))).toBeNull();
        expect(await ledger.getPaymentByOrderId(unique('nope'))).toBeNull();
        expect(await ledger.listTransactions(unique('nope'))).toEqual([]);
      });

      it('keeps amounts as exact integers, beyond 32 bits', async () => {
        const payment = makeCardPayment({
          totalAmount: 9_000_000_123,
          cancels: [{ cancelAmount: 4_000_000_001, transactionKey: unique('tx') }],
        });
        const { current, newTransactions } = await ledger.recordPayment(payment);
        expect(current.totalAmount).toBe(9_000_000_123);
        expect(current.balanceAmount).toBe(5_000_000_122);
        expect(newTransactions.map((t) => t.amount)).toEqual([9_000_000_123, 4_000_000_001]);
        const read = await ledger.getPayment(payment.paymentKey);
        expect(typeof read?.totalAmount).toBe('number');
        expect(read?.balanceAmount).toBe(5_000_000_122);
      });

      it('does not apply the same snapshot twice', async () => {
        const payment = makeCardPayment();
        await ledger.recordPayment(payment);
        const again = await ledger.recordPayment(payment);
        expect(again.applied).toBe(false);
        expect(again.newTransactions).toEqual([]);
        expect(again.current.revision).toBe(1);
        expect(await ledger.listTransactions(payment.paymentKey)).toHaveLength(1);
      });

      it('adds one CANCEL transaction per cancel, keyed by its transactionKey, in order', async () => {
        const paymentKey = unique('pk');
        const orderId = unique('order');
        const approvalKey = unique('txa');
        const c1 = unique('txc1');
        const c2 = unique('txc2');
        const done = makeCardPayment({ paymentKey, orderId, approvalKey, totalAmount: 10_000 });
        const partial = makeCardPayment({
          paymentKey,
          orderId,
          approvalKey,
          totalAmount: 10_000,
          cancels: [{ cancelAmount: 3_000, transactionKey: c1 }],
        });
        const full = makeCardPayment({
          paymentKey,
          orderId,
          approvalKey,
          totalAmount: 10_000,
          cancels: [
            { cancelAmount: 3_000, transactionKey: c1 },
            { cancelAmount: 7_000, transactionKey: c2, cancelReason: '전액 환불' },
          ],
        });
        await ledger.recordPayment(done);
        const r2 = await ledger.recordPayment(partial);
        expect(r2.applied).toBe(true);
        expect(r2.current).toMatchObject({
          status: 'PARTIAL_CANCELED',
          balanceAmount: 7_000,
          lastTransactionKey: c1,
          revision: 2,
        });
        expect(r2.previous?.status).toBe('DONE');
        expect(r2.newTransactions.map((t) => [t.kind, t.transactionKey, t.amount, t.status])).toEqual([
          ['CANCEL', c1, 3_000, 'PARTIAL_CANCELED'],
        ]);
        const r3 = await ledger.recordPayment(full);
        expect(
          r3.newTransactions.map((t) => [t.kind, t.transactionKey, t.amount, t.status, t.reason]),
        ).toEqual([['CANCEL', c2, 7_000, 'CANCELED', '전액 환불']]);
        const all = await ledger.listTransactions(paymentKey);
        expect(all.map((t) => [t.kind, t.transactionKey])).toEqual([
          ['APPROVAL', approvalKey],
          ['CANCEL', c1],
          ['CANCEL', c2],
        ]);
        expect((await ledger.getPayment(paymentKey))?.status).toBe('CANCELED');
      });

      it('derives the approval too when the first snapshot it sees is already cancelled, once', async () => {
        const paymentKey = unique('pk');
        const c1 = unique('txc');
        const partial = makeCardPayment({
          paymentKey,
          totalAmount: 10_000,
          cancels: [{ cancelAmount: 1_000, transactionKey: c1 }],
        });
        const r = await ledger.recordPayment(partial);
        expect(r.newTransactions.map((t) => t.kind)).toEqual(['APPROVAL', 'CANCEL']);
        const c2 = unique('txc');
        const r2 = await ledger.recordPayment(
          makeCardPayment({
            paymentKey,
            orderId: partial.orderId,
            totalAmount: 10_000,
            cancels: [
              { cancelAmount: 1_000, transactionKey: c1 },
              { cancelAmount: 1_000, transactionKey: c2 },
            ],
          }),
        );
        expect(r2.newTransactions.map((t) => [t.kind, t.transactionKey])).toEqual([['CANCEL', c2]]);
        expect((await ledger.listTransactions(paymentKey)).filter((t) => t.kind === 'APPROVAL')).toHaveLength(
          1,
        );
      });

      it('never lets an older snapshot overwrite a newer one', async () => {
        const paymentKey = unique('pk');
        const orderId = unique('order');
        const approvalKey = unique('txa');
        const c1 = unique('txc');
        const done = makeCardPayment({ paymentKey, orderId, approvalKey });
        const canceled = makeCardPayment({
          paymentKey,
          orderId,
          approvalKey,
          cancels: [{ cancelAmount: 15_000, transactionKey: c1 }],
        });
        await ledger.recordPayment(canceled);
        const late = await ledger.recordPayment(done);
        expect(late.applied).toBe(false);
        expect(late.current.status).toBe('CANCELED');
        expect(late.newTransactions).toEqual([]);
        const stored = await ledger.getPayment(paymentKey);
        expect(stored).toMatchObject({
          status: 'CANCELED',
          balanceAmount: 0,
          lastTransactionKey: c1,
          revision: 1,
        });
        // an IN_PROGRESS snapshot after DONE is older too
        const other = makeCardPayment();
        await ledger.recordPayment(other);
        const regress = await ledger.recordPayment({
          ...other,
          status: 'IN_PROGRESS',
          approvedAt: null,
        } as Payment);
        expect(regress.applied).toBe(false);
        expect((await ledger.getPayment(other.paymentKey))?.status).toBe('DONE');
      });

      it('applies a snapshot exactly once when 20 callers record it at the same time', async () => {
        const payment = makeCardPayment();
        const results = await Promise.all(Array.from({ length: 20 }, () => ledger.recordPayment(payment)));
        expect(results.filter((r) => r.applied)).toHaveLength(1);
        expect(results.flatMap((r) => r.newTransactions)).toHaveLength(1);
        expect((await ledger.getPayment(payment.paymentKey))?.revision).toBe(1);
      });

      it('never inserts a transactionKey twice, even from another payment', async () => {
        const shared = unique('txshared');
        const a = makeCardPayment({ approvalKey: shared });
        const b = makeCardPayment({ approvalKey: shared });
        const ra = await ledger.recordPayment(a);
        const rb = await ledger.recordPayment(b);
        expect(ra.newTransactions).toHaveLength(1);
        expect(rb.applied).toBe(true);
        expect(rb.newTransactions).toEqual([]);
        expect(await ledger.listTransactions(b.paymentKey)).toEqual([]);
      });

      it('keeps a virtual account secret for the flows and records the deposit as the approval', async () => {
        const waiting = makeVirtualAccountPayment({ secret: 'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya' });
        const r1 = await ledger.recordPayment(waiting);
        expect(r1.current.status).toBe('WAITING_FOR_DEPOSIT');
        expect(r1.newTransactions).toEqual([]);
        const read = await ledger.getPayment(waiting.paymentKey);
        expect((read?.payment as unknown as { secret: string }).secret).toBe(
          'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya',
        );
        expect(read?.payment).toEqual(waiting);
        const deposited = makeVirtualAccountPayment({
          paymentKey: waiting.paymentKey,
          orderId: waiting.orderId,
          deposited: true,
          secret: 'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya',
        });
        const r2 = await ledger.recordPayment(deposited);
        expect(r2.applied).toBe(true);
        expect(r2.newTransactions.map((t) => [t.kind, t.amount])).toEqual([['APPROVAL', 50_000]]);
        expect((await ledger.getPaymentByOrderId(waiting.orderId))?.status).toBe('DONE');
      });

      it('keeps fields it does not know about', async () => {
        const payment = makeCardPayment({
          extra: { futureField: { nested: [1, '둘'] }, metadata: { cartId: 'c-1' } },
        });
        await ledger.recordPayment(payment);
        const read = await ledger.getPayment(payment.paymentKey);
        expect((read?.payment as unknown as Record<string, unknown>).futureField).toEqual({
          nested: [1, '둘'],
        });
        expect((read?.payment as unknown as Record<string, unknown>).metadata).toEqual({ cartId: 'c-1' });
      });

      it('lists payments newest first, filtered by status, up to the limit', async () => {
        const t = Date.now();
        const a = makeCardPayment();
        const b = makeVirtualAccountPayment();
        const c = makeCardPayment();
        await ledger.recordPayment(a, t);
        await ledger.recordPayment(b, t + 1);
        await ledger.recordPayment(c, t + 2);
        expect((await ledger.listPayments()).map((p) => p.paymentKey)).toEqual([
          c.paymentKey,
          b.paymentKey,
          a.paymentKey,
        ]);
        expect(
          (await ledger.listPayments({ status: 'WAITING_FOR_DEPOSIT' })).map((p) => p.paymentKey),
        ).toEqual([b.paymentKey]);
        expect((await ledger.listPayments({ limit: 2 })).map((p) => p.paymentKey)).toEqual([
          c.paymentKey,
          b.paymentKey,
        ]);
      });

      it('answers getPaymentByOrderId with the most recently recorded payment of that order', async () => {
        const orderId = unique('order');
        const aborted = makeCardPayment({ orderId, status: 'ABORTED' });
        const done = makeCardPayment({ orderId });
        await ledger.recordPayment(aborted, Date.now() - 1_000);
        await ledger.recordPayment(done, Date.now());
        expect((await ledger.getPaymentByOrderId(orderId))?.paymentKey).toBe(done.paymentKey);
      });
    });

    describe('webhooks, failures, billing keys, cursors', () => {
      it('records a webhook key once, and again after it is unmarked', async () => {
        const key = unique('wh');
        expect(await ledger.markWebhookProcessed(key)).toBe(true);
        expect(await ledger.markWebhookProcessed(key)).toBe(false);
        await ledger.unmarkWebhookProcessed(key);
        expect(await ledger.markWebhookProcessed(key)).toBe(true);
        await ledger.unmarkWebhookProcessed(unique('never-marked'));
      });

      it('lets exactly one of 50 concurrent deliveries of one webhook through', async () => {
        const key = unique('wh');
        const results = await Promise.all(Array.from({ length: 50 }, () => ledger.markWebhookProcessed(key)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('records and overwrites an order failure', async () => {
        const orderId = unique('order');
        expect(await ledger.getOrderFailure(orderId)).toBeNull();
        await ledger.recordOrderFailure({
          orderId,
          code: 'PAY_PROCESS_CANCELED',
          message: '사용자가 결제를 취소했습니다',
          at: 1,
        });
        expect(await ledger.getOrderFailure(orderId)).toEqual({
          orderId,
          code: 'PAY_PROCESS_CANCELED',
          message: '사용자가 결제를 취소했습니다',
          at: 1,
        });
        await ledger.recordOrderFailure({ orderId, code: 'REJECT_CARD_COMPANY', message: '거절', at: 2 });
        expect(await ledger.getOrderFailure(orderId)).toMatchObject({ code: 'REJECT_CARD_COMPANY', at: 2 });
      });

      it('stores, replaces and deletes billing keys by customerKey or billingKey', async () => {
        const customerKey = unique('cust');
        const key = {
          customerKey,
          billingKey: unique('bk'),
          card: { issuerCode: '61', number: '43301234****123*', cardType: '신용', ownerType: '개인' },
          method: '카드',
          authenticatedAt: '2024-02-13T12:00:00+09:00',
          createdAt: 1_700_000_000_000,
        };
        expect(await ledger.getBillingKey(customerKey)).toBeNull();
        await ledger.saveBillingKey(key);
        expect(await ledger.getBillingKey(customerKey)).toEqual(key);
        const replaced = { ...key, billingKey: unique('bk2'), card: null };
        await ledger.saveBillingKey(replaced);
        expect(await ledger.getBillingKey(customerKey)).toEqual(replaced);
        expect(await ledger.deleteBillingKey({ billingKey: key.billingKey })).toBe(false);
        expect(await ledger.deleteBillingKey({ billingKey: replaced.billingKey })).toBe(true);
        expect(await ledger.getBillingKey(customerKey)).toBeNull();
        await ledger.saveBillingKey(key);
        expect(await ledger.deleteBillingKey({ customerKey })).toBe(true);
        expect(await ledger.deleteBillingKey({ customerKey })).toBe(false);
        expect(await ledger.getBillingKey(customerKey)).toBeNull();
      });

      it('records cash receipts, updates one by id in place, and lists them oldest first, by order', async () => {
        const orderId = unique('order-cr');
        const receiptKey = unique('rcpt');
        const issue = {
          id: receiptKey,
          receiptKey,
          originalReceiptKey: null,
          orderId,
          paymentKey: unique('pk'),
          type: '소득공제',
          transactionType: 'CONFIRM',
          issueStatus: 'IN_PROGRESS',
          amount: 3_000_000_000,
          taxFreeAmount: 500,
          issueNumber: '123456789',
          receiptUrl: 'https://dashboard.tosspayments.com/receipt/cash/x',
          customerIdentityNumber: '010****5678',
          requestedAt: '2024-02-13T12:00:00+09:00',
          createdAt: 1_700_000_000_000,
          updatedAt: 1_700_000_000_000,
        };
        expect(await ledger.getCashReceipt(receiptKey)).toBeNull();
        await ledger.recordCashReceipt(issue);
        const cancel = {
          ...issue,
          id: `c_${receiptKey}#1`,
          receiptKey: `c_${receiptKey}`,
          originalReceiptKey: receiptKey,
          transactionType: 'CANCEL',
          amount: 1_000,
          taxFreeAmount: 0,
          createdAt: 1_700_000_000_500,
          updatedAt: 1_700_000_000_500,
        };
        await ledger.recordCashReceipt(cancel);
        await ledger.recordCashReceipt({
          ...issue,
          id: unique('other'),
          receiptKey: unique('other'),
          orderId: unique('order-other'),
        });
        expect(await ledger.getCashReceipt(receiptKey)).toEqual(issue);
        expect((await ledger.listCashReceipts({ orderId })).map((r) => r.id)).toEqual([
          receiptKey,
          cancel.id,
        ]);

        // the status moves on later: same record, same place, creation time kept
        await ledger.recordCashReceipt({
          ...issue,
          issueStatus: 'COMPLETED',
          createdAt: 1_800_000_000_000,
          updatedAt: 1_800_000_000_000,
        });
        const listed = await ledger.listCashReceipts({ orderId });
        expect(listed.map((r) => [r.id, r.issueStatus])).toEqual([
          [receiptKey, 'COMPLETED'],
          [cancel.id, 'IN_PROGRESS'],
        ]);
        expect(listed[0]).toMatchObject({
          amount: 3_000_000_000,
          createdAt: 1_700_000_000_000,
          updatedAt: 1_800_000_000_000,
        });
        expect((await ledger.listCashReceipts()).length).toBeGreaterThanOrEqual(3);
        expect(await ledger.listCashReceipts({ orderId, limit: 1 })).toHaveLength(1);
      });

      it('keeps named cursors', async () => {
        const name = unique('cursor');
        expect(await ledger.getCursor(name)).toBeNull();
        await ledger.setCursor(name, 'txrd_1');
        await ledger.setCursor(unique('other'), 'x');
        expect(await ledger.getCursor(name)).toBe('txrd_1');
        await ledger.setCursor(name, 'txrd_2');
        expect(await ledger.getCursor(name)).toBe('txrd_2');
      });
    });

    describe('leases', () => {
      it('runs the function and returns its value', async () => {
        expect(await ledger.withLease(unique('lease'), 10_000, async () => 42)).toEqual({
          ran: true,
          value: 42,
        });
      });

      it('refuses a second holder while the first runs, then frees the lease', async () => {
        const name = unique('lease');
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const first = ledger.withLease(name, 60_000, async () => {
          await gate;
          return 'first';
        });
        await sleep(30);
        const concurrent = await Promise.all(
          [1, 2, 3].map(() => ledger.withLease(name, 60_000, async () => 'second')),
        );
        expect(concurrent).toEqual([{ ran: false }, { ran: false }, { ran: false }]);
        release();
        expect(await first).toEqual({ ran: true, value: 'first' });
        expect(await ledger.withLease(name, 60_000, async () => 'third')).toEqual({
          ran: true,
          value: 'third',
        });
      });

      it('frees the lease when the function throws, and rethrows', async () => {
        const name = unique('lease');
        await expect(
          ledger.withLease(name, 60_000, async () => Promise.reject(new Error('boom'))),
        ).rejects.toThrow('boom');
        expect(await ledger.withLease(name, 60_000, async () => 'after')).toEqual({
          ran: true,
          value: 'after',
        });
      });

      it('renews the lease while its holder works: a run longer than the ttl keeps others out', async () => {
        const name = unique('lease');
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const long = ledger.withLease(name, 90, async () => {
          await gate;
          return 'long';
        });
        await sleep(300);
        expect(await ledger.withLease(name, 60_000, async () => 'second')).toEqual({ ran: false });
        release();
        expect(await long).toEqual({ ran: true, value: 'long' });
        expect(await ledger.withLease(name, 60_000, async () => 'after')).toEqual({
          ran: true,
          value: 'after',
        });
      });

      it('runs exactly one of 10 concurrent callers', async () => {
        const name = unique('lease');
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            ledger.withLease(name, 60_000, async () => {
              await sleep(50);
              return i;
            }),
          ),
        );
        expect(results.filter((r) => r.ran)).toHaveLength(1);
      });
    });
  });
}
