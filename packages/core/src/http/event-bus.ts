/**
 * The handler's typed event bus: `handler.on(name, listener)` subscribes, the flows `emit`. A listener that
 * throws is ignored: an observer must never break a payment.
 */
import type { PaymentEventListener, PaymentEventMap, PaymentEventName } from '../flows/index.js';

export interface EventBus {
  emit<E extends PaymentEventName>(name: E, event: PaymentEventMap[E]): void;
  /** is anyone listening to `name`? A flow builds an event's payload only then (the hot path stays cheap) */
  has(name: PaymentEventName): boolean;
  /** subscribe; returns the unsubscribe function */
  on<E extends PaymentEventName>(name: E, listener: PaymentEventListener<E>): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Map<PaymentEventName, Set<(event: unknown) => void>>();
  return {
    emit(name, event) {
      const set = listeners.get(name);
      if (set === undefined) return;
      for (const listener of set) {
        try {
          listener(event);
        } catch {
          // an observer must not break a payment
        }
      }
    },
    has(name) {
      const set = listeners.get(name);
      return set !== undefined && set.size > 0;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      const wrapped = listener as (event: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
