// Drives @tosskit/emulator's payment window from a Playwright test, by the window's data-testids.
// Redirect form: the page itself navigates to the window. Promise form: the window is an iframe in an
// overlay on the shop's page (use `windowIn(page)` with `{ promise: true }`).
import type { FrameLocator, Page } from 'playwright-core';

/** Where the redirect form lands: the emulator's window page. */
export const WINDOW_URL_PATTERN = /\/window\/pay\?session=ws_[0-9a-f]{32}/;

export interface WindowChoices {
  /** SDK card company code, e.g. 'SHINHAN', 'HYUNDAI', 'KOOKMIN' (card payments and card billing) */
  cardCompany?: string;
  /** 0 = 일시불, or 2..12 (offered from 50,000 won) */
  installment?: number;
  /** SDK bank code, e.g. 'SHINHAN', 'KAKAOBANK' (virtual account, transfer) */
  bank?: string;
  /** '소득공제' | '지출증빙' | '미발행' (virtual account, transfer) */
  cashReceipt?: string;
  /** 'SKT' | 'KT' | 'LGU' | 'SK7' | 'HELLO' | 'KCT' (mobile phone) */
  carrier?: string;
}

type Scope = Page | FrameLocator;

/**
 * The window to act in. Redirect form: waits until the page is on the window URL and returns the page.
 * Promise form: returns the overlay iframe.
 */
export async function windowIn(
  page: Page,
  options: { promise?: boolean; timeoutMs?: number } = {},
): Promise<Scope> {
  if (options.promise) {
    await page.getByTestId('tosspayments-window').waitFor({ timeout: options.timeoutMs ?? 10_000 });
    return page.frameLocator('[data-testid="tosspayments-window"]');
  }
  await page.waitForURL(WINDOW_URL_PATTERN, { timeout: options.timeoutMs ?? 10_000 });
  return page;
}

/** Makes the given choices, then presses 결제하기 (data-testid="approve"). */
export async function approveIn(scope: Scope, choices: WindowChoices = {}): Promise<void> {
  if (choices.cardCompany !== undefined)
    await scope.getByTestId('card-company-select').selectOption(choices.cardCompany);
  if (choices.installment !== undefined)
    await scope.getByTestId('installment-select').selectOption(String(choices.installment));
  if (choices.bank !== undefined) await scope.getByTestId('bank-select').selectOption(choices.bank);
  if (choices.cashReceipt !== undefined)
    await scope.getByTestId('cash-receipt-select').selectOption(choices.cashReceipt);
  if (choices.carrier !== undefined) await scope.getByTestId('carrier-select').selectOption(choices.carrier);
  await scope.getByTestId('approve').click();
}

/** The buyer closes the window: failUrl gets PAY_PROCESS_CANCELED (promise form rejects with USER_CANCEL). */
export async function cancelIn(scope: Scope): Promise<void> {
  await scope.getByTestId('cancel').click();
}

/** The card company refuses (card payments and card billing only): failUrl gets REJECT_CARD_COMPANY. */
export async function declineIn(scope: Scope): Promise<void> {
  await scope.getByTestId('decline').click();
}
