// The shared adapter conformance suite and the fuzz suite (from @tosskit/core/testing) on Express 5 and 4,
// each against a real server on port 0 and the real emulator.
import { runAdapterConformance, runAdapterFuzz, type AdapterServerOptions } from '@tosskit/core/testing';
import express from 'express';
// @ts-expect-error the `express4` npm alias ships without types; it has Express' API
import express4Untyped from 'express4';
import { tossPayments } from './index.js';

const express4 = express4Untyped as typeof express;

function createServer(framework: typeof express) {
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
    if (mountPath === '') app.use(tossPayments(payments));
    else app.use(mountPath, tossPayments(payments));
    app.use((req, res) => void res.type('text/plain').send(`shop:${req.originalUrl}`));
    return app;
  };
}

runAdapterConformance({ name: 'Express 5', createServer: createServer(express) });
runAdapterConformance({ name: 'Express 4', createServer: createServer(express4) });
runAdapterFuzz({ name: 'Express 5', createServer: createServer(express) });
