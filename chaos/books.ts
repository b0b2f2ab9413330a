/**
 * The books of a chaos run: after the storm and the reconcile, the gateway's truth (the emulator's payments),
 * the ledger's rows, the shop's hook log and every answer a buyer got are compared, order by order. Each
 * broken invariant is a violation with the order, its kind and the evidence.
 *
 * Invariants (RELIABILITY.md):
 * - two-approvals: at most one DONE payment at the gateway per order
 * - hook-missing / hook-twice: every DONE in the ledger has exactly one onPaymentConfirmed (a rerun is allowed
 *   only when the process that ran the earlier hook was killed with kill -9 after it, before the rerun)
 * - hook-without-payment: onPaymentConfirmed ran for a payment that is not DONE at the gateway
 * - done-not-in-ledger / ledger-mismatch / ledger-unknown-payment: the ledger agrees with the gateway
 * - told-failed / told-paid: no buyer told "failed" (4xx) or "paid" (200) against the gateway's final truth
 * - tampered-accepted: a confirm with a tampered amount was not refused
 * - claim-open: no confirm claim left open after reconcile
 * - stuck: no order left unpaid with its buyer's payment IN_PROGRESS at the gateway and the buyer never told
 *   it failed (the buyer approved, nobody charged or answered: the shop lost the sale)
 * - server-error: no 5xx to a buyer outside a database outage of that app (a 503 LEDGER_UNAVAILABLE during one
 *   is fine); server-error-in-outage: any other 5xx during one
 * - hang: no request without an answer after 30 s
 * - fuzz-5xx / fuzz-no-answer / fuzz-accepted: bad and forged requests get a 4xx (a forged webhook may get 200,
 *   or 503 WEBHOOK_UNVERIFIED when the gateway's answer to its lookup was lost: it then changed nothing)
 * - crash: no app process exits unasked; memory: peak RSS under the limit; reconcile-blocked
 */
import type pg from 'pg';
import type { Crash, Kill, Outage } from './processes.js';
import { verdictOf, type Answer } from './storm.js';

export interface Violation {
  kind: string;
  orderId: string | null;
  evidence: string;
}

export interface GatewayPayment {
  paymentKey: string;
  orderId: string;
  status: string;
  totalAmount: number;
  approvedAt: string | null;
}

export interface Books {
  gateway: GatewayPayment[];
  ledger: { payment_key: string; order_id: string; status: string; total_amount: string }[];
  claims: { order_id: string; payment_key: string; state: string; outcome: unknown }[];
  hooks: { generation: string; hook: string; payment_key: string | null; order_id: string; at: string }[];
}

export async function readBooks(
  pool: pg.Pool,
  prefix: string,
  gatewayPayments: GatewayPayment[],
  orderIds: ReadonlySet<string>,
): Promise<Books> {
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await pool.query<T>(sql)).rows;
  return {
    gateway: gatewayPayments.filter((p) => orderIds.has(p.orderId)),
    ledger: await q(`SELECT payment_key, order_id, status, total_amount FROM ${prefix}payments`),
    claims: await q(`SELECT order_id, payment_key, state, outcome FROM ${prefix}claims`),
    hooks: await q(
      `SELECT generation, hook, payment_key, order_id, at FROM ${prefix}hook_calls ORDER BY at, id`,
    ),
  };
}

export interface CheckInput {
  books: Books;
  answers: Answer[];
  orders: Map<string, { amount: number }>;
  kills: Kill[];
  crashes: Crash[];
  outages: Outage[];
  /** ms after an outage ends during which its app may still answer 503 (pool reconnects, retries) */
  outageGraceMs: number;
  peakRssMb: Map<string, number>;
  maxRssMb: number;
  reconcileBlocked: boolean;
}

const when = (ms: number, t0: number) => `${((ms - t0) / 1000).toFixed(1)}s`;

export function checkBooks(input: CheckInput, t0: number): { violations: Violation[]; reruns: number } {
  const { books, answers } = input;
  const violations: Violation[] = [];
  const add = (kind: string, orderId: string | null, evidence: string) =>
    violations.push({ kind, orderId, evidence });

  const gatewayByKey = new Map(books.gateway.map((p) => [p.paymentKey, p]));
  const ledgerByKey = new Map(books.ledger.map((p) => [p.payment_key, p]));

  // at most one approval per order at the gateway
  const doneByOrder = new Map<string, GatewayPayment[]>();
  for (const p of books.gateway) {
    if (p.status !== 'DONE') continue;
    doneByOrder.set(p.orderId, [...(doneByOrder.get(p.orderId) ?? []), p]);
  }
  for (const [orderId, done] of doneByOrder) {
    if (done.length > 1)
      add('two-approvals', orderId, `DONE at the gateway: ${done.map((p) => p.paymentKey).join(', ')}`);
    const order = input.orders.get(orderId);
    for (const p of done)
      if (order !== undefined && p.totalAmount !== order.amount)
        add('wrong-amount', orderId, `${p.paymentKey} DONE for ${p.totalAmount}, order is ${order.amount}`);
  }

  // the ledger agrees with the gateway
  for (const p of books.gateway) {
    const row = ledgerByKey.get(p.paymentKey);
    if (p.status === 'DONE' && (row === undefined || row.status !== 'DONE'))
      add(
        'done-not-in-ledger',
        p.orderId,
        `${p.paymentKey} DONE at the gateway, ledger: ${row?.status ?? 'no row'}`,
      );
    else if (row !== undefined && row.status !== p.status)
      add('ledger-mismatch', p.orderId, `${p.paymentKey} ledger ${row.status}, gateway ${p.status}`);
  }
  for (const row of books.ledger) {
    if (!gatewayByKey.has(row.payment_key) && input.orders.has(row.order_id))
      add(
        'ledger-unknown-payment',
        row.order_id,
        `ledger holds ${row.payment_key} (${row.status}), gateway has none`,
      );
  }

  // every DONE in the ledger: exactly one onPaymentConfirmed (a rerun only after a kill -9 of the first runner)
  const confirmedHooks = new Map<string, Books['hooks']>();
  for (const h of books.hooks) {
    if (h.hook !== 'onPaymentConfirmed' || h.payment_key === null) continue;
    confirmedHooks.set(h.payment_key, [...(confirmedHooks.get(h.payment_key) ?? []), h]);
  }
  let reruns = 0;
  for (const row of books.ledger) {
    if (row.status !== 'DONE' || !input.orders.has(row.order_id)) continue;
    const runs = confirmedHooks.get(row.payment_key) ?? [];
    if (runs.length === 0) {
      add(
        'hook-missing',
        row.order_id,
        `${row.payment_key} DONE in the ledger, onPaymentConfirmed never ran`,
      );
      continue;
    }
    for (let i = 0; i + 1 < runs.length; i += 1) {
      const first = runs[i]!;
      const next = runs[i + 1]!;
      const killed = input.kills.find(
        (k) => k.generation === first.generation && k.at >= Number(first.at) && k.at <= Number(next.at),
      );
      if (killed !== undefined) reruns += 1;
      else
        add(
          'hook-twice',
          row.order_id,
          `${row.payment_key} onPaymentConfirmed by ${first.generation} at ${when(Number(first.at), t0)} and ` +
            `${next.generation} at ${when(Number(next.at), t0)}, no kill -9 of ${first.generation} between`,
        );
    }
  }
  for (const [paymentKey, runs] of confirmedHooks) {
    const p = gatewayByKey.get(paymentKey);
    if (p === undefined || p.status === 'DONE') continue;
    add(
      'hook-without-payment',
      runs[0]!.order_id,
      `onPaymentConfirmed ran ${runs.length}x for ${paymentKey}, gateway status ${p.status}`,
    );
  }

  // no claim left open
  for (const c of books.claims)
    if (c.state === 'claimed' && input.orders.has(c.order_id))
      add('claim-open', c.order_id, `claim for ${c.payment_key} still 'claimed' after reconcile`);

  // what buyers were told, against the gateway's final truth
  const inOutage = (a: Answer) =>
    input.outages.some((o) => o.app === a.app && a.start <= o.end + input.outageGraceMs && a.end >= o.start);
  /** a forged webhook whose verifying lookup the gateway did not answer: refused with 503, nothing applied */
  const unverifiable = (a: Answer) =>
    a.kind === 'forged-webhook' && a.status === 503 && a.code === 'WEBHOOK_UNVERIFIED';
  /** the app that was asked died (kill -9 or crash) before answering: the buyer's retry goes elsewhere */
  const diedDuring = (a: Answer) =>
    [...input.kills, ...input.crashes].some(
      (k) => k.generation === a.generation && k.at >= a.start - 100 && k.at <= a.end + 1000,
    );
  for (const a of answers) {
    const verdict = verdictOf(a);
    const at = `${a.generation} at ${when(a.start, t0)}`;
    const told = `${a.status}${a.code === null ? '' : ` ${a.code}`}`;
    if (a.kind === 'fuzz' || a.kind === 'forged-webhook') {
      if (verdict === 'hang') add('hang', null, `${a.label}: no answer in 30 s (${at})`);
      else if (a.status === 0 && diedDuring(a)) continue;
      else if (a.status === 0)
        add(
          'fuzz-no-answer',
          null,
          `${a.label}: connection closed without an answer (${at}) ${a.error ?? ''}`,
        );
      else if (a.status >= 500 && !(inOutage(a) && a.code === 'LEDGER_UNAVAILABLE') && !unverifiable(a))
        add('fuzz-5xx', null, `${a.label}: ${told} (${at})`);
      else if (a.kind === 'fuzz' && a.status < 300) add('fuzz-accepted', null, `${a.label}: ${told} (${at})`);
      continue;
    }
    const truth = a.paymentKey === null ? undefined : gatewayByKey.get(a.paymentKey);
    const status = truth?.status ?? 'none';
    if (verdict === 'hang') add('hang', a.orderId, `${a.kind} ${a.paymentKey}: no answer in 30 s (${at})`);
    if (a.kind === 'tampered') {
      if (a.status >= 200 && a.status < 300)
        add('tampered-accepted', a.orderId, `tampered confirm of ${a.paymentKey} answered ${told} (${at})`);
    } else if (verdict === 'failed' && status === 'DONE') {
      add('told-failed', a.orderId, `${a.paymentKey} told ${told} (${at}); gateway: DONE`);
    } else if (verdict === 'paid' && status !== 'DONE') {
      add('told-paid', a.orderId, `${a.paymentKey} told 200 (${at}); gateway: ${status}`);
    }
    if (a.status >= 500) {
      if (!inOutage(a))
        add('server-error', a.orderId, `${a.kind} ${a.paymentKey} told ${told} (${at}), no outage`);
      else if (a.code !== 'LEDGER_UNAVAILABLE')
        add(
          'server-error-in-outage',
          a.orderId,
          `${a.kind} ${a.paymentKey} told ${told} (${at}) during a DB outage`,
        );
    }
  }

  // no confirm stuck: an order never paid whose buyer approved a payment (IN_PROGRESS at the gateway) and was
  // never told it failed: the buyer waits and the shop loses the sale (issue 10 finding 3)
  const failedKeys = new Set(
    answers
      .filter((a) => (a.kind === 'confirm' || a.kind === 'poll') && verdictOf(a) === 'failed')
      .map((a) => a.paymentKey),
  );
  const askedKeys = new Map<string, Answer>();
  for (const a of answers)
    if ((a.kind === 'confirm' || a.kind === 'poll') && a.paymentKey !== null) askedKeys.set(a.paymentKey, a);
  for (const p of books.gateway) {
    if (p.status !== 'IN_PROGRESS' || doneByOrder.has(p.orderId) || failedKeys.has(p.paymentKey)) continue;
    const last = askedKeys.get(p.paymentKey);
    if (last === undefined) continue;
    add(
      'stuck',
      p.orderId,
      `${p.paymentKey} still IN_PROGRESS at the gateway, the buyer never told it failed; last answer ` +
        `${last.status}${last.code === null ? '' : ` ${last.code}`} (${last.generation} at ${when(last.start, t0)})`,
    );
  }

  for (const c of input.crashes)
    add(
      'crash',
      null,
      `${c.generation} exited unasked (${c.code ?? c.signal}) at ${when(c.at, t0)}: ${c.tail.slice(-300)}`,
    );
  for (const [app, mb] of input.peakRssMb)
    if (mb > input.maxRssMb) add('memory', null, `${app} peak RSS ${mb} MB > ${input.maxRssMb} MB`);
  if (input.reconcileBlocked)
    add(
      'reconcile-blocked',
      null,
      'every reconcile pass after the storm answered ran:false (the lease was held)',
    );
  return { violations, reruns };
}
