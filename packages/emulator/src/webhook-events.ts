/**
 * The webhook event types an endpoint can subscribe to. In the developer center each webhook URL picks its events
 * ("등록할 이벤트를 선택"): a URL registered for PAYMENT_STATUS_CHANGED receives no DEPOSIT_CALLBACK, and the reverse.
 *
 * Source: docs.tosspayments.com/guides/v2/webhook ("웹훅 연결하기", the event list) and
 * docs.tosspayments.com/reference/using-api/webhook-events; spec §8.2 and §15 (/work/shared/spec/toss-api.md).
 * The emulator sends PAYMENT_STATUS_CHANGED, DEPOSIT_CALLBACK, CANCEL_STATUS_CHANGED and BILLING_DELETED; the other
 * types can be subscribed to (so a shop's configuration is accepted) but are never sent.
 */
export const WEBHOOK_EVENT_TYPES = Object.freeze([
  'PAYMENT_STATUS_CHANGED',
  'DEPOSIT_CALLBACK',
  'CANCEL_STATUS_CHANGED',
  'BILLING_DELETED',
  'METHOD_UPDATED',
  'CUSTOMER_STATUS_CHANGED',
  'payout.changed',
  'seller.changed',
] as const);

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An endpoint and the events it receives (null: every event, the default). */
export interface WebhookSubscription {
  url: string;
  events: string[] | null;
}

/** Checks an event list: known types, at least one; undefined or null means all events. */
export function checkEventList(events: readonly unknown[] | null | undefined): string[] | null {
  if (events === undefined || events === null) return null;
  if (!Array.isArray(events) || events.length === 0)
    throw new TypeError('a webhook event list names at least one event type');
  const known = WEBHOOK_EVENT_TYPES as readonly string[];
  for (const e of events) {
    if (typeof e !== 'string' || !known.includes(e))
      throw new TypeError(`unknown webhook event type "${String(e)}"; one of ${known.join(', ')}`);
  }
  return [...new Set(events as string[])];
}

/**
 * The CLI's `--webhook` value: `<url>` (every event) or `<EVENT,EVENT>=<url>`, e.g.
 * `DEPOSIT_CALLBACK=http://127.0.0.1:3000/va-hook`.
 */
export function parseWebhookFlag(value: string): WebhookSubscription {
  const m = /^([A-Za-z_.]+(?:,[A-Za-z_.]+)*)=(https?:\/\/.*)$/.exec(value);
  if (m === null) return { url: value, events: null };
  return { url: m[2]!, events: checkEventList(m[1]!.split(',')) };
}
