/**
 * The shop's own result pages (`options.redirects`): where a browser is sent after a confirm, a failure, a
 * pending outcome or a card registration. Only HTTP shape: which page, with which query.
 */
import { isLedgerUnavailable, localizeError, resolveLocale } from '../errors/index.js';
import { redirectAnswer } from './http-io.js';
import type { TossPaymentsOptions } from './options.js';
import type { Answer } from './answer.js';
import type { IncomingRequest } from './incoming-request.js';

export type ShopPage = 'success' | 'fail' | 'pending' | 'billingSuccess' | 'billingFail';

export interface ShopRedirects {
  /** the shop's page `which` for these query values, or null when none is configured */
  target(which: ShopPage, mountPath: string, params: Record<string, string | null>): string | null;
  /**
   * The redirect to the shop's failure page `which` for `error`, with its localized code and message, or null
   * (no page configured, or a ledger outage: that is no failed payment, the 503 lets a reload retry).
   */
  failure(
    which: 'fail' | 'billingFail',
    request: IncomingRequest,
    mountPath: string,
    error: unknown,
    params: Record<string, string | null>,
  ): Answer | null;
}

export function createShopRedirects(redirects: TossPaymentsOptions['redirects']): ShopRedirects {
  function target(which: ShopPage, mountPath: string, params: Record<string, string | null>): string | null {
    const template = redirects?.[which];
    if (template === undefined) return null;
    const orderId = params['orderId'] ?? '';
    const filled = template.replace(/:orderId\b/g, encodeURIComponent(orderId));
    const absolute = /^https?:\/\//.test(filled);
    const url = new URL(absolute ? filled : mountPath + filled, 'http://placeholder.invalid');
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && !template.includes(`:${name}`)) url.searchParams.set(name, value);
    }
    return absolute ? url.toString() : url.pathname + url.search + url.hash;
  }
  return {
    target,
    failure(which, request, mountPath, error, params) {
      if (isLedgerUnavailable(error)) return null;
      const { body } = localizeError(error, resolveLocale(request.headers.get('accept-language')));
      const page = target(which, mountPath, { ...params, code: body.code, message: body.message });
      return page === null ? null : redirectAnswer(page);
    },
  };
}
