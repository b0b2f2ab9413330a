// The shared adapter conformance suite and the fuzz suite (from @tosskit/core/testing) on Fastify 5, at the
// root and under a register prefix, each against a real server on port 0 and the real emulator.
import { runAdapterConformance, runAdapterFuzz, type AdapterServerOptions } from '@tosskit/core/testing';
import Fastify from 'fastify';
import { tossPayments, tossPaymentsFrameworkErrors } from './index.js';

async function createServer({ payments, mountPath }: AdapterServerOptions) {
  // Fastify parses JSON bodies with its own parser in every configuration; tosskit's hook runs before it
  const app = Fastify({ frameworkErrors: tossPaymentsFrameworkErrors });
  await app.register(tossPayments, { ...payments, ...(mountPath === '' ? {} : { prefix: mountPath }) });
  // the shop's own routes: every other path
  app.setNotFoundHandler((request, reply) => {
    void reply.code(200).type('text/plain').send(`shop:${request.url}`);
  });
  await app.ready();
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) =>
    app.routing(req, res);
}

runAdapterConformance({ name: 'Fastify 5', createServer, readsBodyBeforeParsers: true });
runAdapterFuzz({ name: 'Fastify 5', createServer, configuration: { mountPath: '/shop', bodyParser: true } });
