// The shared adapter conformance suite and the fuzz suite (from @tosskit/core/testing) on Koa 3, at the root
// and under @koa/router, each against a real server on port 0 and the real emulator.
import { bodyParser as koaBodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { runAdapterConformance, runAdapterFuzz, type AdapterServerOptions } from '@tosskit/core/testing';
import Koa from 'koa';
import { tossPayments } from './index.js';

/**
 * A JSON parser that keeps only the parsed value, as koa-body does without `includeUnparsed` and many
 * hand-written ones do (@koa/bodyparser, used otherwise, keeps `ctx.request.rawBody`).
 */
function jsonOnlyParser(): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.is('application/json')) {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      (ctx.request as typeof ctx.request & { body?: unknown }).body = JSON.parse(
        Buffer.concat(chunks).toString('utf8'),
      ) as unknown;
    }
    await next();
  };
}

function createServer({ payments, mountPath, bodyParser, rawBody }: AdapterServerOptions) {
  const app = new Koa();
  // @koa/bodyparser answers malformed bodies with a 400 and Koa would also print each one; the suites
  // assert on the statuses themselves
  app.silent = true;
  if (bodyParser) app.use(rawBody === 'drop' ? jsonOnlyParser() : koaBodyParser());
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
