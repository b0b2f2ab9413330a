/**
 * How the gateway client puts bytes on the wire. The default is a keep-alive undici Pool: on this
 * machine it carries about twice the confirms per second of the global `fetch` (ARCHITECTURE.md,
 * "Performance"). Tests and exotic runtimes inject a `fetch` instead. undici lives behind
 * pool-transport.ts, which only the default path loads (on first use), so that with `gateway.fetch`
 * core bundles for a Web-only runtime (edge-bundle.test.ts).
 */
export type GatewayMethod = 'GET' | 'POST' | 'DELETE';

export interface GatewayTransportRequest {
  method: GatewayMethod;
  /** absolute URL */
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface GatewayTransportResponse {
  status: number;
  body: string;
}

export interface GatewayTransport {
  send(request: GatewayTransportRequest): Promise<GatewayTransportResponse>;
  close(): Promise<void>;
}

/** A fetch the gateway client may use instead of the global one. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export function createFetchTransport(fetchImpl: FetchLike): GatewayTransport {
  return {
    async send(request) {
      const init: RequestInit = { method: request.method, headers: request.headers, signal: request.signal };
      if (request.body !== undefined) init.body = request.body;
      const response = await fetchImpl(request.url, init);
      return { status: response.status, body: await response.text() };
    },
    async close() {},
  };
}
