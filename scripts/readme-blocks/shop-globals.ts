// What the READMEs' code blocks take as given: the reader's own shop (its order store, session lookup, logger,
// page helpers) and values an earlier block of the same README made. Declared here, once, so each block is
// type-checked as written against the real @tosskit/* APIs without repeating a shop in every example.
// Only the reader's side is declared: everything tosskit exports is imported by the blocks themselves.
//
// Kept as text (written out beside the blocks) so these globals never leak into the repo's own type-check.
export const SHOP_GLOBALS = `interface ReadmeShopOrder {
  amount: number;
  total: number;
  name: string;
  title: string;
  orderName: string;
  status: string;
  payable: boolean;
  customerKey?: string;
}

/** the shop's order store */
declare const orders: {
  find(orderId: string): Promise<ReadmeShopOrder | null>;
  get(orderId: string): ReadmeShopOrder | undefined;
  markPaid(orderId: string, paymentKey?: string): Promise<void>;
};
/** the shop's database, as \`db.orders\` */
declare const db: { orders: typeof orders };
/** the shop's session store */
declare const sessions: { fromCookie(cookie: string | null): { customerKey: string } | null };
/** the shop's logger */
declare const log: { info(event: unknown): void };
/** an Express app (\`const app = express()\`) */
declare const app: import('express').Express;

/** options an earlier block built */
declare const secretKey: string;
declare const clientKey: string;
declare const customerKey: string;
declare const encryptionKey: string;
declare const connectionString: string;
declare const orderLookup: import('@tosskit/core').OrderLookup;
declare const onPaymentConfirmed: (payment: import('@tosskit/core').Payment) => Promise<void>;
declare const ledger: import('@tosskit/core').Ledger;
/** the handler (or adapter middleware) an earlier block created */
declare const payments: import('@tosskit/core').PaymentHandler;

/** the bindings of a Web-only runtime (a Cloudflare Worker's \`env\`) */
declare const env: { TOSS_SECRET_KEY: string; [name: string]: string };
/** the shop's own loggers: bunyan (object first) and winston (message first) */
declare const bunyanLogger: import('@tosskit/core').TosskitLogger;
declare const winstonLogger: {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
};

/** the emulator's control object (\`emulator.control\`) */
declare const control: import('@tosskit/emulator').EmulatorControl;

/** checkout-page helpers of the shop */
declare const cart: Record<string, number>;
declare const newCart: Record<string, number>;
declare const checkout: import('@tosskit/browser').Checkout;
declare function showMessage(text: string): void;
declare function showPaid(payment: unknown): void;

/** a Vite-built checkout page (\`import.meta.env.DEV\`) */
interface ImportMetaEnv {
  readonly DEV: boolean;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
`;
