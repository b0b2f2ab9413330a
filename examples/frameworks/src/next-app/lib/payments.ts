// lib/payments.ts of a Next.js app: the one payment handler, created once per server instance (module scope).
//
// The ledger is PostgreSQL. Serverless instances share nothing and come and go between two requests of the same
// buyer: a claim held in the memory ledger, or in an embedded PGlite directory on one instance's disk, is not
// seen by the instance that serves the next confirm or the gateway's webhook, and is lost when the instance is
// recycled. Only a database every instance reaches keeps "one order, one approval".
import { createPaymentHandler } from '@tosskit/core';
import { openLedger } from '@tosskit/ledger';
import { createShop, gatewaySettings } from '../../shop.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl)
  throw new Error('DATABASE_URL is not set: the payment ledger of a Next.js app is PostgreSQL');

const { secretKey, clientKey, apiBaseUrl } = gatewaySettings();

/** the shop's orders (your own database in a real app) */
export const shop = createShop();

export const payments = createPaymentHandler({
  secretKey,
  clientKey,
  apiBaseUrl, // the emulator; leave it out for the real gateway
  // the route file is app/api/payments/[...path]/route.ts: Next hands it the full URL, so the routes are
  // served at their full path (and the result pages below stay outside /api)
  basePath: '/api/payments',
  ledger: openLedger({ connectionString: databaseUrl, encryptionKey: process.env.TOSSKIT_ENCRYPTION_KEY }),
  ...shop.hooks,
  redirects: { success: '/orders/:orderId', fail: '/' },
});
