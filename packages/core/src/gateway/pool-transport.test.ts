import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createPoolTransport } from './pool-transport.js';

describe('default transport: undici is loaded lazily, on the first request only', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(): Promise<string> {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ via: req.headers['user-agent'] ?? '' }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const request = (url: string) => ({
    method: 'GET' as const,
    url: `${url}/v1/payments/x`,
    headers: {},
    signal: AbortSignal.timeout(5000),
  });

  it('creating the transport loads nothing; concurrent first requests load undici once', async () => {
    const url = await listen();
    let loads = 0;
    const transport = createPoolTransport(url, {
      loadUndici: async () => {
        loads += 1;
        return { Pool };
      },
    });
    expect(loads).toBe(0);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => transport.send(request(url))));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(loads).toBe(1);
    await transport.close();
  });

  it('the real default resolves the undici package (no loader given)', async () => {
    const url = await listen();
    const warnings: string[] = [];
    const transport = createPoolTransport(url, { warn: (message) => warnings.push(message) });
    expect((await transport.send(request(url))).status).toBe(200);
    expect(warnings).toEqual([]);
    await transport.close();
  });

  it('when undici cannot be loaded it uses the global fetch and says so once, with the fix', async () => {
    const url = await listen();
    const warnings: string[] = [];
    const transport = createPoolTransport(url, {
      loadUndici: () => Promise.reject(new Error("Cannot find package 'undici'")),
      warn: (message) => warnings.push(message),
    });
    const first = await transport.send(request(url));
    const second = await transport.send(request(url));
    expect([first.status, second.status]).toEqual([200, 200]);
    // the global fetch announces itself as node (undici's fetch), the Pool sends no user agent
    expect(JSON.parse(first.body)).toEqual({ via: 'node' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Cannot find package 'undici'");
    expect(warnings[0]).toContain('gateway: { fetch: globalThis.fetch }');
    await transport.close();
  });
});
