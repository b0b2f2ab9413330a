// Development only: the shop's two uses of the emulator's HTTP control API (`/__emulator/...`).
// The real gateway has neither; in production the bank sends the deposit and the dashboard lists webhooks.

export interface EmulatorControlClient {
  /** what the bank does when the buyer pays into the virtual account */
  deposit(orderId: string): Promise<void>;
  /** the webhook deliveries the emulator made (or is retrying) */
  deliveries(): Promise<Record<string, unknown>[]>;
}

export function createEmulatorControlClient(emulatorUrl: string): EmulatorControlClient {
  const base = `${emulatorUrl.replace(/\/$/, '')}/__emulator`;
  async function call(path: string, init?: RequestInit): Promise<unknown> {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const problem = body as { code?: string; message?: string };
      throw new Error(`에뮬레이터 제어 API 오류 ${res.status}: ${problem.message ?? problem.code ?? ''}`);
    }
    return body;
  }
  return {
    async deposit(orderId) {
      await call(`/payments/${encodeURIComponent(orderId)}/deposit`, { method: 'POST' });
    },
    async deliveries() {
      const body = (await call('/deliveries')) as unknown;
      if (Array.isArray(body)) return body as Record<string, unknown>[];
      const list = (body as { deliveries?: unknown }).deliveries;
      return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
    },
  };
}
