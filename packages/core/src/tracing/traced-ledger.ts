/**
 * One span per call to the ledger, named after the port's method (`ledger claimConfirm`): what the flows
 * asked of storage, and how long it took. No argument is recorded (payments, secrets, billing keys pass
 * through here). `withLease` (it wraps a whole reconcile pass) and `close` are left untraced.
 */
import type { Ledger } from '../ledger/index.js';
import { runInSpan } from './span-runner.js';
import { SPAN_KIND, type TracingTracer } from './tracer-types.js';

const UNTRACED = new Set<PropertyKey>(['withLease', 'close', 'then']);

export function traceLedger(ledger: Ledger, tracer: TracingTracer): Ledger {
  const system = (ledger as { driver?: unknown }).driver;
  const dbSystem = system === 'postgres' || system === 'pglite' ? 'postgresql' : null;
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(ledger, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || UNTRACED.has(name) || typeof name !== 'string') return value;
      let traced = wrapped.get(name);
      if (traced === undefined) {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        traced = (...args: unknown[]) =>
          runInSpan(
            tracer,
            `ledger ${name}`,
            SPAN_KIND.CLIENT,
            {
              'tosskit.ledger.operation': name,
              'db.operation.name': name,
              ...(dbSystem === null ? {} : { 'db.system.name': dbSystem }),
            },
            () => method.apply(target, args),
          );
        wrapped.set(name, traced);
      }
      return traced;
    },
  });
}
