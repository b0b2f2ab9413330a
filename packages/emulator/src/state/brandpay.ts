/**
 * BrandPay (브랜드페이): the shop's own one-click wallet run by the gateway. A buyer (customerKey) agrees to the terms
 * and registers a card in the BrandPay window; the gateway then sends the browser to the shop's redirectUrl with a
 * temporary Authorization Code, which the shop's server trades for an Access Token; payments made in the BrandPay
 * window are confirmed with `POST /v1/brandpay/payments/confirm`.
 *
 * Sources: docs.tosspayments.com/guides/v2/brandpay/auth ("인증 흐름": SDK → 약관 동의 → Authorization Code on the
 * redirect URL with `code` and `customerKey` → Access Token 발급 API; the token expires and is renewed with a
 * Refresh Token), docs.tosspayments.com/reference/brandpay ("Access Token 발급", "결제 승인"), and the gateway's
 * express sample (tosspayments-sample express-javascript/server.js: `grantType: 'AuthorizationCode'`, `customerKey`,
 * `code` to /v1/brandpay/authorizations/access-token; `paymentKey`, `orderId`, `amount`, `customerKey` to
 * /v1/brandpay/payments/confirm, both with the API individual secret key).
 *
 * Where the stored docs are silent (their copy of /reference/brandpay stops after the terms API):
 * - the token answer's fields: `accessToken`, `refreshToken`, `tokenType: 'bearer'`, `expiresIn` (seconds) as shops
 *   read them; 30 days here.
 * - how long a code lives: 10 minutes, once.
 * - the refusals: a code that is unknown, used or expired → 404 NOT_FOUND; a customerKey other than the code's →
 *   400 NOT_MATCHES_CUSTOMER_KEY; a missing field or another grantType → 400 INVALID_REQUEST.
 * - whether the core confirm accepts a BrandPay payment: the SDK docs send BRANDPAY payments to the BrandPay confirm
 *   ("브랜드페이 결제 승인 API를 호출해서 결제를 완료하세요"), so the emulator refuses them on /v1/payments/confirm
 *   with INVALID_REQUEST, and refuses other payments on the BrandPay confirm the same way.
 */
import { randomBytes } from 'node:crypto';
import { gatewayError, invalidRequest } from '../errors.js';
import { str } from './fields.js';
import type { Store } from './store.js';

export const BRANDPAY_CODE_TTL_MS = 10 * 60_000;
export const BRANDPAY_TOKEN_TTL_S = 30 * 24 * 3600;

export interface BrandpayMethod {
  methodKey: string;
  /** the card's issuer code ('41' 신한) */
  cardCompany: string;
  alias: string;
  registeredAt: number;
}

export interface BrandpayCustomer {
  customerKey: string;
  clientKey: string | null;
  /** set once the shop traded the first code for a token: the buyer agreed and the shop accepted */
  registeredAt: number | null;
  methods: BrandpayMethod[];
  oneTouchEnabled: boolean;
}

interface CodeRecord {
  code: string;
  customerKey: string;
  expiresAt: number;
  used: boolean;
}

interface TokenRecord {
  customerKey: string;
  expiresAt: number;
}

export interface BrandpaySnapshot {
  customers: BrandpayCustomer[];
}

const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/** The BrandPay members, codes and tokens of one emulator. */
export class BrandpayBook {
  readonly customers = new Map<string, BrandpayCustomer>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly accessTokens = new Map<string, TokenRecord>();
  private readonly refreshTokens = new Map<string, TokenRecord>();

  customer(customerKey: string): BrandpayCustomer | undefined {
    return this.customers.get(customerKey);
  }

  isRegistered(customerKey: string): boolean {
    return (this.customers.get(customerKey)?.registeredAt ?? null) !== null;
  }

  /**
   * The buyer agreed and entered a card in the window: the card is kept (not usable until the shop trades the code)
   * and a one-time Authorization Code goes to the shop's redirectUrl.
   */
  issueCode(s: Store, input: { customerKey: string; clientKey: string | null; cardCompany: string }): string {
    this.addCard(s, input.customerKey, input.cardCompany, input.clientKey);
    const code = token('');
    this.codes.set(code, {
      code,
      customerKey: input.customerKey,
      expiresAt: s.clock.now() + BRANDPAY_CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  addCard(s: Store, customerKey: string, cardCompany: string, clientKey: string | null = null): void {
    const c = this.ensure(customerKey, clientKey);
    c.methods.push({
      methodKey: token('mk_'),
      cardCompany,
      alias: `카드 ${c.methods.length + 1}`,
      registeredAt: s.clock.now(),
    });
  }

  /** What the BrandPay window asks of the book (window/brandpay.ts, BrandpayPort). */
  windowPort(s: Store) {
    return {
      isRegistered: (customerKey: string) => this.isRegistered(customerKey),
      cards: (customerKey: string) => [...(this.customers.get(customerKey)?.methods ?? [])],
      oneTouchEnabled: (customerKey: string) => this.customers.get(customerKey)?.oneTouchEnabled ?? false,
      issueCode: (input: { customerKey: string; clientKey: string; cardCompany: string }) =>
        this.issueCode(s, input),
      codeExchanged: (code: string) => this.codeExchanged(code),
      addCard: (customerKey: string, cardCompany: string) => this.addCard(s, customerKey, cardCompany),
      setOneTouch: (customerKey: string, enabled: boolean) => this.setOneTouch(customerKey, enabled),
    };
  }

  /** Whether the shop traded this code for a token (the redirectUrl did its job). */
  codeExchanged(code: string): boolean {
    return this.codes.get(code)?.used === true;
  }

  /** POST /v1/brandpay/authorizations/access-token */
  accessToken(s: Store, body: Record<string, unknown>): Record<string, unknown> {
    const grantType = str(body, 'grantType', 40)!;
    const customerKey = str(body, 'customerKey', 300)!;
    const now = s.clock.now();
    if (grantType === 'AuthorizationCode') {
      const code = this.codes.get(str(body, 'code', 300)!);
      if (code === undefined || code.used || code.expiresAt <= now) throw gatewayError('NOT_FOUND');
      if (code.customerKey !== customerKey) throw gatewayError('NOT_MATCHES_CUSTOMER_KEY');
      code.used = true;
      const c = this.ensure(customerKey, null);
      if (c.registeredAt === null) c.registeredAt = now;
    } else if (grantType === 'RefreshToken') {
      const held = this.refreshTokens.get(str(body, 'refreshToken', 300)!);
      if (held === undefined) throw gatewayError('NOT_FOUND');
      if (held.customerKey !== customerKey) throw gatewayError('NOT_MATCHES_CUSTOMER_KEY');
    } else {
      throw invalidRequest(
        "grantType은 'AuthorizationCode' 또는 'RefreshToken'이어야 합니다.",
        "grantType must be 'AuthorizationCode' or 'RefreshToken'.",
      );
    }
    const accessToken = token('at_');
    const refreshToken = token('rt_');
    const expiresAt = now + BRANDPAY_TOKEN_TTL_S * 1000;
    this.accessTokens.set(accessToken, { customerKey, expiresAt });
    this.refreshTokens.set(refreshToken, { customerKey, expiresAt });
    return { accessToken, refreshToken, tokenType: 'bearer', expiresIn: BRANDPAY_TOKEN_TTL_S };
  }

  setOneTouch(customerKey: string, enabled: boolean): void {
    const c = this.customers.get(customerKey);
    if (c) c.oneTouchEnabled = enabled;
  }

  snapshot(): BrandpaySnapshot {
    return { customers: [...this.customers.values()] };
  }

  restore(snapshot: BrandpaySnapshot | undefined): void {
    this.reset();
    for (const c of snapshot?.customers ?? []) this.customers.set(c.customerKey, c);
  }

  reset(): void {
    this.customers.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  private ensure(customerKey: string, clientKey: string | null): BrandpayCustomer {
    let c = this.customers.get(customerKey);
    if (c === undefined) {
      c = { customerKey, clientKey, registeredAt: null, methods: [], oneTouchEnabled: false };
      this.customers.set(customerKey, c);
    }
    return c;
  }
}
