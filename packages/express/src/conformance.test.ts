// The shared adapter conformance suite and the fuzz suite (from @tosskit/core/testing) on Express 5 and 4,
// each against a real server on port 0 and the real emulator; once more through the bridge's WHATWG path.
import { runAdapterConformance, runAdapterFuzz, type AdapterServerOptions } from '@tosskit/core/testing';
import express from 'express';
// @ts-expect-error the `express4` npm alias ships without types; it has Express' API
import express4Untyped from 'express4';
import { createPaymentHandler, type TossPaymentsOptions } from '@tosskit/core';
import type { MountableHandler } from '@tosskit/core/node';
import { toExpressMiddleware, tossPayments, type TossPaymentsMiddleware } from './index.js';

const express4 = express4Untyped as typeof express;

/**
 * The handler behind a plain Web-handler face (Request in, Response out), as any handler of that shape is
 * bridged: the suite then runs the WHATWG path of the Node bridge, which tosskit's own handler skips.
 */
function throughWebObjects(options: TossPaymentsOptions) {
  const handler = createPaymentHandler(options);
  const web = (request: Request, context?: { mountPath?: string }) => handler(request, context);
  return toExpressMiddleware(
    Object.assign(web, {
      basePath: handler.basePath,
      bodyLimit: handler.bodyLimit,
      handles: handler.handles,
    }),
  );
}

function createServer(
  framework: typeof express,
  mount: (options: TossPaymentsOptions) => TossPaymentsMiddleware<MountableHandler> = tossPayments,
) {
  return ({ payments, mountPath, bodyParser, rawBody }: AdapterServerOptions) => {
    const app = framework();
    // 'keep': the documented way to keep the bytes a signature covers (express.json's `verify`)
    const json =
      rawBody === 'keep'
        ? framework.json({
            verify: (req, _res, buf) => void Object.assign(req, { rawBody: buf }),
          })
        : framework.json();
    if (bodyParser) app.use(json, framework.urlencoded({ extended: false }));
    if (mountPath === '') app.use(mount(payments));
    else app.use(mountPath, mount(payments));
    app.use((req, res) => void res.type('text/plain').send(`shop:${req.originalUrl}`));
    return app;
  };
}

runAdapterConformance({ name: 'Express 5', createServer: createServer(express) });
runAdapterConformance({ name: 'Express 4', createServer: createServer(express4) });
runAdapterConformance({
  name: 'Express 5, the handler as a plain Web handler (WHATWG Request and Response)',
  createServer: createServer(express, throughWebObjects),
});
runAdapterFuzz({ name: 'Express 5', createServer: createServer(express) });
