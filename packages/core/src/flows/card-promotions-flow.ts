/**
 * Card promotions (카드사 혜택, spec §2.10): what the checkout page can show next to the total — instant
 * discounts that still have budget and interest-free months — for the amount being paid.
 *
 * The list changes rarely and every checkout page asks for it, so it is cached for `cacheMs` and
 * concurrent askers share one gateway call.
 */
import { CARD_ISSUERS, type CardPromotion } from '../models/index.js';
import type { GatewayClient } from '../gateway/index.js';

/** A card discount that applies to an amount, with the discount in won. */
export interface ApplicableDiscount {
  issuerCode: string;
  /** Korean name of the card company, when the code is known */
  issuerName: string | null;
  discountAmount: number;
  /** the amount after the discount (never below 0) */
  discountedAmount: number | null;
  /** budget left, when the gateway says */
  balance: number | null;
  discountCode: string | null;
  dueDate: string;
  minimumPaymentAmount: number;
  maximumPaymentAmount: number | null;
}

/** Interest-free instalments a card offers for an amount. */
export interface ApplicableInterestFree {
  issuerCode: string;
  issuerName: string | null;
  installmentFreeMonths: number[];
  minimumPaymentAmount: number;
  dueDate: string;
}

/** The card promotions that apply to an amount: discounts and interest-free offers. */
export interface ApplicablePromotions {
  /** the amount the list was filtered for; null = every promotion still running */
  amount: number | null;
  discountCards: ApplicableDiscount[];
  interestFreeCards: ApplicableInterestFree[];
}

/** Today in Korea (`yyyy-MM-dd`): a dueDate is valid until 23:59:59 KST of that day. */
export function kstToday(now: number): string {
  return new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);
}

function issuerCodeOf(card: {
  issuerCode?: string | undefined;
  companyCode?: string | undefined;
  cardCompany?: string | undefined;
}): string {
  return card.issuerCode ?? card.companyCode ?? card.cardCompany ?? '';
}

function issuerName(code: string): string | null {
  return Object.hasOwn(CARD_ISSUERS, code) ? CARD_ISSUERS[code as keyof typeof CARD_ISSUERS] : null;
}

function isRunning(dueDate: unknown, today: string): boolean {
  // an unreadable date is treated as over: better to show nothing than a discount that does not apply
  return typeof dueDate === 'string' && /^\d{4}-\d{2}-\d{2}/.test(dueDate) && dueDate.slice(0, 10) >= today;
}

/**
 * What applies to `amount` (or, without an amount, what is still running): discounts with budget left
 * (balance > 0), inside their minimum/maximum payment amount and not past their dueDate; interest-free
 * months from their minimum amount and not past their dueDate.
 */
export function selectApplicablePromotions(
  promotions: CardPromotion,
  amount: number | null,
  now: number,
): ApplicablePromotions {
  const today = kstToday(now);
  const discountCards = promotions.discountCards
    .filter((d) => {
      if (d.balance !== null && d.balance !== undefined && d.balance <= 0) return false;
      if (!isRunning(d.dueDate, today)) return false;
      if (amount === null) return true;
      if (amount < d.minimumPaymentAmount) return false;
      return (
        d.maximumPaymentAmount === null ||
        d.maximumPaymentAmount === undefined ||
        amount <= d.maximumPaymentAmount
      );
    })
    .map((d) => {
      const code = issuerCodeOf(d);
      return {
        issuerCode: code,
        issuerName: issuerName(code),
        discountAmount: d.discountAmount,
        discountedAmount: amount === null ? null : Math.max(0, amount - d.discountAmount),
        balance: d.balance ?? null,
        discountCode: d.discountCode ?? null,
        dueDate: d.dueDate,
        minimumPaymentAmount: d.minimumPaymentAmount,
        maximumPaymentAmount: d.maximumPaymentAmount ?? null,
      };
    })
    .sort((a, b) => b.discountAmount - a.discountAmount);
  const interestFreeCards = promotions.interestFreeCards
    .filter(
      (i) =>
        isRunning(i.dueDate, today) &&
        (amount === null || amount >= i.minimumPaymentAmount) &&
        i.installmentFreeMonths.length > 0,
    )
    .map((i) => {
      const code = issuerCodeOf(i);
      return {
        issuerCode: code,
        issuerName: issuerName(code),
        installmentFreeMonths: [...i.installmentFreeMonths].sort((a, b) => a - b),
        minimumPaymentAmount: i.minimumPaymentAmount,
        dueDate: i.dueDate,
      };
    });
  return { amount, discountCards, interestFreeCards };
}

export interface CardPromotionsSource {
  /** the gateway's current list, from the cache when fresh */
  current(): Promise<CardPromotion>;
  /** the list filtered for an amount (null: everything still running) */
  applicable(amount: number | null): Promise<ApplicablePromotions>;
  /** forget the cached list */
  invalidate(): void;
}

export interface CardPromotionsOptions {
  gateway: Pick<GatewayClient, 'getCardPromotions'>;
  /** how long one answer of the gateway is used (default 5 minutes); 0 disables the cache */
  cacheMs?: number;
  now?: () => number;
}

export function createCardPromotionsSource(options: CardPromotionsOptions): CardPromotionsSource {
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { value: CardPromotion; at: number } | null = null;
  let inFlight: Promise<CardPromotion> | null = null;

  async function current(): Promise<CardPromotion> {
    if (cached !== null && cacheMs > 0 && now() - cached.at < cacheMs) return cached.value;
    if (inFlight !== null) return inFlight;
    const call = options.gateway
      .getCardPromotions()
      .then((value) => {
        // errors are not cached: the next asker tries again
        cached = { value, at: now() };
        return value;
      })
      .finally(() => {
        inFlight = null;
      });
    inFlight = call;
    return call;
  }

  return {
    current,
    async applicable(amount) {
      return selectApplicablePromotions(await current(), amount, now());
    },
    invalidate() {
      cached = null;
    },
  };
}
