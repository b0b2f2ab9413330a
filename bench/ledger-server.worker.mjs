// Child process of bench/ledger.mjs: tosskit's Express middleware on 127.0.0.1 with the ledger named in argv[2]:
// memory (the default ledger), pglite (embedded, a directory on disk) or postgres (the local server).
import express from 'express';
import { tossPayments } from '@tosskit/express';
import { createMemoryLedger } from '@tosskit/core';
import { createLedger } from '@tosskit/ledger';

const kind = process.argv[2];
const {
  EMULATOR_URL: apiBaseUrl,
  SECRET_KEY: secretKey,
  DATABASE_URL,
  DATA_DIR,
  TABLE_PREFIX,
  ENCRYPTION_KEY,
} = process.env;
const orders = new Map();
const orderLookup = (orderId) => orders.get(orderId) ?? null;

let ledger;
if (kind === 'memory') ledger = createMemoryLedger();
else if (kind === 'pglite')
  ledger = await createLedger({
    dataDir: DATA_DIR,
    encryptionKey: ENCRYPTION_KEY,
    tablePrefix: TABLE_PREFIX,
  });
else if (kind === 'postgres')
  ledger = await createLedger({
    connectionString: DATABASE_URL,
    encryptionKey: ENCRYPTION_KEY,
    tablePrefix: TABLE_PREFIX,
    poolSize: Number(process.env.BENCH_PG_POOL ?? 10),
  });
else throw new Error(`unknown ledger kind: ${kind}`);

const app = express();
app.use(tossPayments({ secretKey, apiBaseUrl, orderLookup, ledger, logger: { warn() {}, error() {} } }));

process.on('message', (message) => {
  if (message.type === 'orders') {
    for (const { orderId, amount } of message.sessions)
      orders.set(orderId, { amount, orderName: '벤치마크 주문', payable: true });
    process.send({ id: message.id });
  }
});
process.on('SIGTERM', async () => {
  await ledger.close();
  process.exit(0);
});
const server = app.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
