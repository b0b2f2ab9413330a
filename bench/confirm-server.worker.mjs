// Child process of bench/confirm.mjs and bench/webhook.mjs: one Express 5 app on 127.0.0.1, either tosskit's
// middleware (one line, memory ledger) or the hand-written confirm handler most shops start from
// (express.json() + global fetch to the gateway, as in the official sample, plus the amount check).
import express from 'express';
import { tossPayments } from '@tosskit/express';

const kind = process.argv[2];
const { EMULATOR_URL: apiBaseUrl, SECRET_KEY: secretKey } = process.env;
const orders = new Map();
const orderLookup = (orderId) => orders.get(orderId) ?? null;

const app = express();
if (kind === 'tosskit') {
  app.use(tossPayments({ secretKey, apiBaseUrl, orderLookup }));
} else if (kind === 'baseline') {
  const authorization = `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
  app.post('/payments/confirm', express.json(), async (req, res) => {
    const { paymentKey, orderId, amount } = req.body ?? {};
    const order = orders.get(orderId);
    if (!order || order.amount !== Number(amount)) {
      res.status(400).json({ code: 'AMOUNT_MISMATCH', message: '주문 금액이 다릅니다.' });
      return;
    }
    try {
      const response = await fetch(`${apiBaseUrl}/v1/payments/confirm`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ paymentKey, orderId, amount }),
      });
      res.status(response.status).json(await response.json());
    } catch {
      res.status(502).json({ code: 'GATEWAY_ERROR', message: '결제 승인 요청에 실패했습니다.' });
    }
  });
  // the webhook most shops write first: trust the body, note the status, answer 200 (no re-fetch, no dedupe)
  const statuses = new Map();
  app.post('/payments/webhook', express.json(), (req, res) => {
    const data = req.body?.data;
    if (data?.paymentKey) statuses.set(data.paymentKey, data.status);
    res.json({ ok: true });
  });
} else {
  throw new Error(`unknown app kind: ${kind}`);
}

// autocannon closes its connections when a run ends; a body cut off then is not worth a stack trace
app.use((error, _req, res, _next) => {
  if (error?.type !== 'request.aborted') console.error(error);
  if (!res.headersSent) res.status(error?.status ?? 500).end();
});

process.on('message', (message) => {
  if (message.type === 'orders') {
    for (const { orderId, amount } of message.sessions)
      orders.set(orderId, { amount, orderName: '벤치마크 주문', payable: true });
    process.send({ id: message.id });
  } else if (message.type === 'cpu') {
    // CPU time this server has used: the parent takes the difference around a run (work per request,
    // less sensitive to other load on the machine than req/s)
    process.send({
      id: message.id,
      usage: process.cpuUsage(),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
    });
  }
});
const server = app.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
// exit normally on SIGTERM so --cpu-prof (BENCH_PROF) can write its profile
process.on('SIGTERM', () => process.exit(0));
