/**
 * Durations on the events that settle a flow, and the flow's steps in the debug log. Each request (and each
 * call of a handler member) gets a view of the handler's FlowContext whose `emit` knows when the flow began:
 * an event that settles it carries `durationMs` since then. Nothing is measured or copied for an event
 * nobody listens to, and the debug line is only built with `debug: true`.
 */
import type {
  FlowContext,
  FlowEvent,
  FlowLogger,
  PaymentEventMap,
  PaymentEventName,
} from '../flows/index.js';
import type { EventBus } from './event-bus.js';

/** The events that end a flow (or one of its branches): each carries `durationMs` since the flow began. */
export const SETTLING_EVENTS: ReadonlySet<PaymentEventName> = new Set<PaymentEventName>([
  'confirm.settled',
  'confirm.compensated',
  'confirm.pending',
  'payment.unknown_order',
  'cancel.applied',
  'webhook.applied',
  'webhook.ignored',
  'webhook.rejected',
  'billing.key_issued',
  'billing.key_deleted',
  'billing.auth_failed',
  'billing.charged',
  'billing.charge_failed',
]);

/** `base` for one flow that began now: its settling events carry their duration, its steps reach the debug log. */
export function timedFlowContext(base: FlowContext, events: EventBus, logger: FlowLogger): FlowContext {
  const started = performance.now();
  const emit = <E extends PaymentEventName>(name: E, event: FlowEvent<E>): void => {
    const listened = events.has(name);
    if (!listened && !logger.debugEnabled) return;
    const payload = SETTLING_EVENTS.has(name)
      ? { ...event, durationMs: Math.round((performance.now() - started) * 1000) / 1000 }
      : event;
    if (logger.debugEnabled) logger.debug(`flow step: ${name}`, { ...payload });
    if (listened) events.emit(name, payload as PaymentEventMap[E]);
  };
  return { ...base, emit };
}
