/**
 * Idempotency-Key at the gateway door (docs.tosspayments.com/reference/using-api/authorization, "멱등키"; spec §14):
 * scope (key, API key, method, path), the body ignored, the first answer replayed for 15 days, 409
 * IDEMPOTENT_REQUEST_PROCESSING while the first request is in flight, 400 INVALID_IDEMPOTENCY_KEY past 300 characters.
 */
import type { EmulatorClock } from './clock.js';
import { gatewayError } from './errors.js';
import type { GatewayAnswer } from './errors.js';
import type { Answer } from './http-io.js';

export const IDEMPOTENCY_TTL_MS = 15 * 86_400_000;

interface IdempotencyEntry {
  state: 'in-flight' | 'done';
  answer: Answer | null;
  expiresAt: number;
}

/** What the store says about a request that carries a key. */
export type IdempotencyVerdict =
  | { kind: 'refuse'; error: GatewayAnswer }
  | { kind: 'replay'; answer: Answer }
  | { kind: 'run'; scope: string };

export class IdempotencyStore {
  private readonly entries = new Map<string, IdempotencyEntry>();
  // Pruning walks the whole store; doing it on every request once 10,000 keys are held (they live 15 days)
  // made each idempotent call O(n). Prune again only when the store has doubled since the last walk.
  private pruneAt = 10_000;

  constructor(private readonly clock: EmulatorClock) {}

  /** Refuses, replays, or marks the request in flight under its scope. */
  begin(key: string, secretKey: string, method: string, path: string): IdempotencyVerdict {
    if (key.length > 300 || key.length === 0)
      return { kind: 'refuse', error: gatewayError('INVALID_IDEMPOTENCY_KEY') };
    const now = this.clock.now();
    const scope = `${secretKey}\u0000${method}\u0000${path}\u0000${key}`;
    const entry = this.entries.get(scope);
    if (entry && (entry.state === 'in-flight' || entry.expiresAt > now)) {
      if (entry.state === 'in-flight' || entry.answer === null)
        return { kind: 'refuse', error: gatewayError('IDEMPOTENT_REQUEST_PROCESSING') };
      return { kind: 'replay', answer: entry.answer };
    }
    this.prune(now);
    this.entries.set(scope, { state: 'in-flight', answer: null, expiresAt: now + IDEMPOTENCY_TTL_MS });
    return { kind: 'run', scope };
  }

  /** The first answer under a scope, kept for replay. */
  settle(scope: string, answer: Answer): void {
    this.entries.set(scope, { state: 'done', answer, expiresAt: this.clock.now() + IDEMPOTENCY_TTL_MS });
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(now: number): void {
    if (this.entries.size < this.pruneAt) return;
    for (const [k, e] of this.entries) if (e.state === 'done' && e.expiresAt <= now) this.entries.delete(k);
    this.pruneAt = Math.max(10_000, this.entries.size * 2);
  }
}
