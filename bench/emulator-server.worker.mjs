// Child process of bench/emulator.mjs: the server under test, alone in its process (the load generator runs
// in the parent, so each gets one of the two cores). argv[2]: "emulator" or "baseline".
//   emulator  createEmulator() from @tosskit/emulator (consecutive-request rule off, as a load test repeats GETs)
//   baseline  a bare node:http JSON server: a Map lookup for GET, JSON.parse + a Map update for POST
import { createServer } from 'node:http';
import { createEmulator } from '@tosskit/emulator';

const kind = process.argv[2];
const AMOUNT = 15_000;

async function startEmulator() {
  const emulator = await createEmulator({ consecutiveRequestWindowMs: 0, requestLogLimit: 1000 });
  const auth = `Basic ${Buffer.from(`${emulator.keys.secretKey}:`).toString('base64')}`;
  let batch = 0;
  const authorize = async (count) => {
    batch++;
    const sessions = [];
    for (let i = 0; i < count; i++) {
      const { paymentKey, orderId } = await emulator.control.authorizePayment({
        orderId: `bench-${batch}-${i}`,
        amount: AMOUNT,
        orderName: '벤치마크',
      });
      sessions.push({ paymentKey, orderId, amount: AMOUNT });
    }
    return sessions;
  };
  // one confirmed payment for the GET test
  const [first] = await authorize(1);
  const res = await fetch(`${emulator.url}/v1/payments/confirm`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(first),
  });
  if (res.status !== 200) throw new Error(`setup confirm failed: ${await res.text()}`);
  return { url: emulator.url, auth, paymentKey: first.paymentKey, authorize, close: () => emulator.close() };
}

async function startBaseline() {
  // The same Payment JSON the emulator answers, so both serialize the same object.
  const template = JSON.parse(process.env.PAYMENT_TEMPLATE);
  const payments = new Map([[template.paymentKey, template]]);
  const sessions = new Map();
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      const key = decodeURIComponent(req.url.slice('/v1/payments/'.length));
      const p = payments.get(key);
      const body = JSON.stringify(
        p ?? { code: 'NOT_FOUND_PAYMENT', message: '존재하지 않는 결제 정보 입니다.' },
      );
      res.writeHead(p ? 200 : 404, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const p = { ...template, paymentKey: input.paymentKey, orderId: input.orderId, status: 'DONE' };
      sessions.delete(input.paymentKey);
      payments.set(input.paymentKey, p);
      const body = JSON.stringify(p);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  let n = 0;
  return {
    url,
    auth: 'Basic eDo=',
    paymentKey: template.paymentKey,
    authorize: async (count) =>
      Array.from({ length: count }, () => ({
        paymentKey: `base-${++n}`,
        orderId: `order-base-${n}`,
        amount: AMOUNT,
      })),
    close: () => new Promise((r) => server.close(r)),
  };
}

const target = kind === 'emulator' ? await startEmulator() : await startBaseline();
let template = null;
if (kind === 'emulator') {
  const res = await fetch(`${target.url}/v1/payments/${target.paymentKey}`, {
    headers: { authorization: target.auth },
  });
  template = await res.text();
}
process.on('message', async (message) => {
  try {
    if (message.type === 'authorize')
      process.send({ id: message.id, sessions: await target.authorize(message.count) });
    else if (message.type === 'close') {
      await target.close();
      process.send({ id: message.id });
      process.exit(0);
    }
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});
process.send({ type: 'ready', url: target.url, auth: target.auth, paymentKey: target.paymentKey, template });
