// The shared adapter conformance suite and the fuzz suite (from @tosskit/core/testing) on Koa 3, at the root
// and under @koa/router, each against a real server on port 0 and the real emulator.
import { runAdapterConformance, runAdapterFuzz } from '@tosskit/core/testing';
import Koa from 'koa';
import { koaConformanceServer } from './conformance-app.js';

const createServer = koaConformanceServer(Koa);
runAdapterConformance({ name: 'Koa 3', createServer });
// under the router and after @koa/bodyparser: random bodies also go through the parsed-body path of the bridge
runAdapterFuzz({ name: 'Koa 3', createServer, configuration: { mountPath: '/shop', bodyParser: true } });
