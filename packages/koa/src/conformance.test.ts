// The shared adapter conformance suite and the fuzz suite (from @tosskit/core/testing) on Koa 3, at the root
// and under @koa/router, each against a real server on port 0 and the real emulator.
import { bodyParser as koaBodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { runAdapterConformance, runAdapterFuzz, type AdapterServerOptions } from '@tosskit/core/testing';
import Koa from 'koa';
import { tossPayments } from './index.js';

function createServer({ payments, mountPath, bodyParser }: AdapterServerOptions) {
  const app = new Koa();
  // @koa/bodyparser answers malformed bodies with a 400 and Koa would also print each one; the suites
  // assert on the statuses themselves
  app.silent = true;
  if (bodyParser) app.use(koaBodyParser());
  const middleware = tossPayments(payments);
  if (mountPath === '') {
    app.use(middleware);
  } else {
    // @koa/router runs middleware only for matching routes, so the payment routes are mounted with `all`
    const router = new Router({ prefix: mountPath });
    router.all(`${middleware.basePath}{/*rest}`, middleware);
    app.use(router.routes());
  }
  app.use((ctx) => {
    ctx.type = 'text/plain';
    ctx.body = `shop:${ctx.originalUrl}`;
  });
  return app.callback();
}

runAdapterConformance({ name: 'Koa 3', createServer });
// under the router and after @koa/bodyparser: random bodies also go through the parsed-body path of the bridge
runAdapterFuzz({ name: 'Koa 3', createServer, configuration: { mountPath: '/shop', bodyParser: true } });
