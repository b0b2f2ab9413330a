// The Koa app the adapter conformance suites run against, built from a given Koa class so the same app runs
// on Koa 3 (`koa`) and Koa 2 (`koa2`, an npm alias of koa@2): the adapter's peer range is what these pass on.
import { bodyParser as koaBodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { AdapterServerOptions } from '@tosskit/core/testing';
import type Koa from 'koa';
import { tossPayments } from './index.js';

/** What the suites need of a Koa class (Koa 2 and 3 both have it). */
export type KoaClass = new () => Koa;

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

/** The app factory the suites call, on the given Koa. */
export function koaConformanceServer(KoaApp: KoaClass) {
  return ({ payments, mountPath, bodyParser, rawBody }: AdapterServerOptions) => {
    const app = new KoaApp();
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
  };
}
