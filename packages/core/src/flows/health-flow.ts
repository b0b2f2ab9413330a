/**
 * The health probe (`handler.health()`, `GET {basePath}/health` with option `health: true`): is the ledger
 * reachable and migrated, how big is the reconciler's backlog, and how long ago did a reconcile pass end.
 * Only the ledger decides readiness: an instance whose ledger cannot answer cannot take a payment, while a
 * backlog is something to alert on, not a reason to take the instance out of the load balancer.
 * Counts, ages and stable codes only: no order, no payment, no key, no driver message.
 */
import { isLedgerUnavailable } from '../errors/index.js';
import type { Ledger, LedgerHealth } from '../ledger/index.js';
import { LAST_RECONCILE_CURSOR } from './reconcile-flow.js';

/** What the probe answers; `status` 'ok' is HTTP 200, 'unavailable' 503. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  /** ISO time of the check */
  checkedAt: string;
  ledger: {
    /** 'ok'; 'unavailable' (no answer, an error, or no answer within the timeout); 'not_migrated' */
    status: 'ok' | 'unavailable' | 'not_migrated';
    /** LEDGER_UNAVAILABLE, LEDGER_TIMEOUT, LEDGER_ERROR or LEDGER_NOT_MIGRATED; null when ok */
    code: string | null;
    /** why the database could not answer (connection_refused, connect_timeout…), when the ledger says */
    reason: string | null;
    /** how long the probe took, ms */
    latencyMs: number;
  };
  /** the reconciler's backlog; null when the ledger could not be read (or has no `health()`) */
  reconcile: {
    /** claims still held: confirms and charges in progress, and abandoned ones */
    openClaims: number;
    /** claims whose lease ended: what the next reconcile pass finishes */
    abandonedClaims: number;
    /** age of the oldest open claim, ms; null when there is none */
    oldestOpenClaimAgeMs: number | null;
    /** ISO time the last reconcile pass (of any instance) ended; null when none has run on this ledger */
    lastRunAt: string | null;
    /** ms since then; null when none has run */
    sinceLastRunMs: number | null;
  } | null;
}

export interface HealthCheckOptions {
  /** how long the ledger may take to answer before the probe says unavailable (default 3,000 ms) */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;

class HealthTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function readLedger(
  ledger: Ledger,
  now: number,
): Promise<{ health: LedgerHealth | null; lastRun: string | null }> {
  // a shop's own ledger written before the port had `health()`: reachability from a cursor read only
  const health = typeof ledger.health === 'function' ? ledger.health(now) : Promise.resolve(null);
  const [stats, lastRun] = await Promise.all([health, ledger.getCursor(LAST_RECONCILE_CURSOR)]);
  return { health: stats, lastRun };
}

function failureOf(error: unknown): { code: string; reason: string | null } {
  if (error instanceof HealthTimeout) return { code: 'LEDGER_TIMEOUT', reason: null };
  if (isLedgerUnavailable(error))
    return {
      code: 'LEDGER_UNAVAILABLE',
      reason: String((error as { reason?: unknown }).reason ?? '') || null,
    };
  return { code: 'LEDGER_ERROR', reason: null };
}

/** One probe of `ledger`; never throws. */
export async function checkHealth(
  ledger: Ledger,
  now: () => number,
  options: HealthCheckOptions = {},
): Promise<HealthReport> {
  const started = now();
  const checkedAt = new Date(started).toISOString();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let read: Awaited<ReturnType<typeof readLedger>>;
  try {
    read = await withTimeout(readLedger(ledger, started), timeoutMs);
  } catch (error) {
    const { code, reason } = failureOf(error);
    return {
      status: 'unavailable',
      checkedAt,
      ledger: { status: 'unavailable', code, reason, latencyMs: Math.max(0, now() - started) },
      reconcile: null,
    };
  }
  const latencyMs = Math.max(0, now() - started);
  const migrated = read.health?.migrated ?? true;
  const lastRunMs = read.lastRun === null ? Number.NaN : Number(read.lastRun);
  const lastRunKnown = Number.isSafeInteger(lastRunMs);
  return {
    status: migrated ? 'ok' : 'unavailable',
    checkedAt,
    ledger: migrated
      ? { status: 'ok', code: null, reason: null, latencyMs }
      : { status: 'not_migrated', code: 'LEDGER_NOT_MIGRATED', reason: null, latencyMs },
    reconcile:
      read.health === null
        ? null
        : {
            openClaims: read.health.openClaims,
            abandonedClaims: read.health.abandonedClaims,
            oldestOpenClaimAgeMs:
              read.health.oldestOpenClaimAt === null
                ? null
                : Math.max(0, started - read.health.oldestOpenClaimAt),
            lastRunAt: lastRunKnown ? new Date(lastRunMs).toISOString() : null,
            sinceLastRunMs: lastRunKnown ? Math.max(0, started - lastRunMs) : null,
          },
  };
}
