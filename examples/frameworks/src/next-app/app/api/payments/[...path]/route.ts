// app/api/payments/[...path]/route.ts: every payment route (checkout, success, fail, confirm, webhook, …)
// goes through one catch-all route handler. A route handler takes a Web Request and answers a Web Response,
// which is exactly the shape of tosskit's handler.
import { payments } from '../../../../lib/payments.js';

export const runtime = 'nodejs'; // the ledger's PostgreSQL driver needs Node, not the edge runtime
export const dynamic = 'force-dynamic'; // never cached: every answer depends on the payment

export function GET(request: Request): Promise<Response> {
  return payments(request);
}

export function POST(request: Request): Promise<Response> {
  return payments(request);
}
