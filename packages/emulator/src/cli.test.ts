import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDuration, runCli } from './cli-main.js';
import type { CliIo } from './cli-main.js';
import { createEmulator } from './index.js';
import type { Emulator } from './index.js';
import { client, orderId } from './test-helpers.js';

function io(env: Record<string, string | undefined> = {}, isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo & { out: string[]; err: string[] } = {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    isTTY,
  };
  return value;
}

/** Something that happens again and again (a printed line, a poll); `next()` resolves at its next occurrence. */
function changes() {
  const waiters: (() => void)[] = [];
  return {
    notify: () => {
      for (const resolve of waiters.splice(0)) resolve();
    },
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

let emu: Emulator;
let api: ReturnType<typeof client>;
const url = () => ['--url', emu.url];

beforeAll(async () => {
  emu = await createEmulator({ consecutiveRequestWindowMs: 0 });
  api = client(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

describe('tosskit-emulator CLI', () => {
  it('start prints the keys and URLs a shop needs, without colour unless stdout is a TTY', async () => {
    let started: Emulator | undefined;
    const o = io();
    o.onStarted = (e) => {
      started = e;
    };
    expect(
      await runCli(
        ['start', '--port', '0', '--webhook', 'http://127.0.0.1:9/hook', '--time-scale', '60', '--quiet'],
        o,
      ),
    ).toBe(0);
    try {
      const text = o.out.join('\n');
      expect(text).toContain(started!.url);
      expect(text).toContain(`${started!.url}/v2/standard`);
      expect(text).toMatch(new RegExp(`Dashboard +${started!.url}/__emulator/dashboard`));
      expect(text).toContain(started!.keys.secretKey);
      expect(text).toContain(started!.keys.clientKey);
      expect(text).toContain(started!.keys.widgetClientKey);
      expect(text).toContain('http://127.0.0.1:9/hook');
      expect(text).not.toContain('\u001b[');
    } finally {
      await started?.close();
    }
    const tty = io({}, true);
    tty.onStarted = (e) => {
      started = e;
    };
    await runCli(['start', '--port', '0', '--quiet'], tty);
    await started!.close();
    expect(tty.out.join('')).toContain('\u001b[');
    const noColor = io({ NO_COLOR: '1' }, true);
    noColor.onStarted = (e) => {
      started = e;
    };
    await runCli(['start', '--port', '0', '--quiet'], noColor);
    await started!.close();
    expect(noColor.out.join('')).not.toContain('\u001b[');
  });

  it('start prints API calls as they happen unless --quiet', async () => {
    let started: Emulator | undefined;
    const o = io();
    o.onStarted = (e) => {
      started = e;
    };
    await runCli(['start', '--port', '0'], o);
    try {
      await client(started!).get('/v1/payments/nope');
      expect(
        o.out.some((l) => l.includes('GET') && l.includes('/v1/payments/nope') && l.includes('404')),
      ).toBe(true);
    } finally {
      await started!.close();
    }
  });

  it('deposit, deposit-error, cancel and expire change payments through the control API', async () => {
    const va = (
      await api.post('/v1/virtual-accounts', {
        amount: 3000,
        orderId: orderId(),
        orderName: 'x',
        customerName: '김',
        bank: '88',
      })
    ).body;
    const o = io();
    expect(await runCli(['deposit', va.orderId, ...url()], o)).toBe(0);
    expect(o.out[0]).toContain('DONE');
    expect(emu.control.getPayment(va.paymentKey)?.status).toBe('DONE');
    expect(await runCli(['deposit-error', va.paymentKey, ...url()], io())).toBe(0);
    expect(emu.control.getPayment(va.paymentKey)?.status).toBe('WAITING_FOR_DEPOSIT');

    const p = await api.pay(orderId(), 5000);
    expect(
      await runCli(['cancel', p.orderId, '--amount', '1000', '--reason', '테스트', ...url()], io()),
    ).toBe(0);
    const after = emu.control.getPayment(p.paymentKey)!;
    expect([after.status, after.balanceAmount, after.cancels?.[0]?.cancelReason]).toEqual([
      'PARTIAL_CANCELED',
      4000,
      '테스트',
    ]);

    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    expect(await runCli(['expire', a.paymentKey, ...url()], io())).toBe(0);
    expect(emu.control.getPayment(a.paymentKey)?.status).toBe('EXPIRED');

    const list = io();
    expect(await runCli(['payments', ...url()], list)).toBe(0);
    expect(list.out.join('\n')).toContain(p.orderId);
  });

  it('fault arms, lists and clears faults; clock moves the emulator clock', async () => {
    expect(
      await runCli(['fault', 'fail', 'confirm', '--code', 'PROVIDER_ERROR', '--times', '2', ...url()], io()),
    ).toBe(0);
    expect(await runCli(['fault', 'latency', '*', '50', ...url()], io())).toBe(0);
    expect(await runCli(['fault', 'webhook', 'delay', '--delay', '5m', ...url()], io())).toBe(0);
    expect(await runCli(['fault', 'drop', 'cancel', ...url()], io())).toBe(0);
    expect(emu.control.faults().map((f) => f.spec)).toEqual([
      { kind: 'fail', route: 'confirm', code: 'PROVIDER_ERROR', times: 2 },
      { kind: 'latency', route: '*', ms: 50 },
      { kind: 'webhook', action: 'delay', delayMs: 300_000 },
      { kind: 'drop', route: 'cancel' },
    ]);
    const listed = io();
    await runCli(['fault', 'list', ...url()], listed);
    expect(listed.out.join('\n')).toContain('PROVIDER_ERROR');
    const bad = io();
    expect(await runCli(['fault', 'drop', 'getPayment', ...url()], bad)).toBe(1);
    expect(bad.err.join('')).toMatch(/drop works on/);
    expect(await runCli(['fault', 'clear', ...url()], io())).toBe(0);
    expect(emu.control.faults()).toHaveLength(0);

    const before = emu.control.now();
    expect(await runCli(['clock', '2h', ...url()], io())).toBe(0);
    expect(emu.control.now() - before).toBeGreaterThanOrEqual(2 * 3_600_000);
  });

  it('webhooks --once prints the deliveries', async () => {
    const hookEmu = await createEmulator({ webhookUrls: ['http://127.0.0.1:9/unreachable'] });
    try {
      await client(hookEmu).pay(orderId(), 1000);
      await hookEmu.control.flushWebhooks();
      const o = io();
      expect(await runCli(['webhooks', '--once', '--url', hookEmu.url], o)).toBe(0);
      expect(o.out.join('\n')).toMatch(/PAYMENT_STATUS_CHANGED.*DONE/);
      expect(o.out.join('\n')).toContain('pending');
      const resent = io();
      const [first] = hookEmu.control.deliveries();
      expect(await runCli(['resend', String(first!.id), '--url', hookEmu.url], resent)).toBe(0);
      expect(resent.out.join('\n')).toMatch(/^#\d+ pending +PAYMENT_STATUS_CHANGED/);
      expect(hookEmu.control.deliveries().at(-1)).toMatchObject({ resentFrom: first!.id, body: first!.body });
      const missing = io();
      expect(await runCli(['resend', '999', '--url', hookEmu.url], missing)).toBe(1);
      expect(missing.err.join('')).toContain('NOT_FOUND_DELIVERY');
    } finally {
      await hookEmu.close();
    }
  });

  it('webhooks follows deliveries as they happen, each new attempt once, until stopped', async () => {
    const hookEmu = await createEmulator({ webhookUrls: ['http://127.0.0.1:9/unreachable'] });
    const stop = new AbortController();
    // the test waits on events, never on a timer: a line printed, or the follower polling again
    const printed = changes();
    const polled = changes();
    const base = io();
    const o: typeof base = {
      ...base,
      stdout: (t) => {
        base.stdout(t);
        printed.notify();
      },
      signal: stop.signal,
    };
    const control = hookEmu.control;
    const deliveries = control.deliveries.bind(control);
    let polls = 0;
    control.deliveries = () => {
      polls += 1;
      polled.notify();
      return deliveries();
    };
    const lines = () => o.out.filter((l) => l.includes('PAYMENT_STATUS_CHANGED'));
    const until = async (ready: () => boolean, event: ReturnType<typeof changes>) => {
      while (!ready()) await event.next();
    };
    /** two more polls: the answer of the first is handled before the second is asked */
    const twoMorePolls = () => {
      const target = polls + 2;
      return until(() => polls >= target, polled);
    };
    try {
      const following = runCli(['webhooks', '--interval', '50', '--url', hookEmu.url], o);
      await twoMorePolls();
      expect(lines()).toEqual([]);
      // a payment made while following shows up without running the command again
      const paid = await client(hookEmu).pay(orderId(), 1000);
      await hookEmu.control.flushWebhooks();
      await until(() => lines().length === 1, printed);
      expect(lines()[0]).toMatch(/PAYMENT_STATUS_CHANGED.*DONE/);
      // a cancel is a new delivery: one more line, the first is not printed again
      await client(hookEmu).post(`/v1/payments/${paid.paymentKey}/cancel`, { cancelReason: '단순 변심' });
      await hookEmu.control.flushWebhooks();
      await until(() => lines().length === 2, printed);
      expect(lines()[1]).toMatch(/CANCELED/);
      await twoMorePolls();
      expect(lines()).toHaveLength(2);
      stop.abort();
      expect(await following).toBe(0);
    } finally {
      stop.abort();
      await hookEmu.close();
    }
  });

  it('has --help for every command and readable errors', async () => {
    for (const cmd of [
      'start',
      'deposit',
      'deposit-error',
      'cancel',
      'expire',
      'payments',
      'webhooks',
      'fault',
      'clock',
    ]) {
      const o = io();
      expect(await runCli([cmd, '--help'], o)).toBe(0);
      expect(o.out.join('')).toMatch(/^Usage/);
    }
    const main = io();
    expect(await runCli(['--help'], main)).toBe(0);
    expect(main.out.join('')).toContain('Commands:');
    const unknown = io();
    expect(await runCli(['explode'], unknown)).toBe(2);
    expect(unknown.err.join('')).toContain('unknown command "explode"');
    const noId = io();
    expect(await runCli(['deposit', ...url()], noId)).toBe(1);
    expect(noId.err.join('')).toContain('needs an orderId or paymentKey');
    const missing = io();
    expect(await runCli(['deposit', 'order-none', ...url()], missing)).toBe(1);
    expect(missing.err.join('')).toContain('NOT_FOUND_PAYMENT');
    const down = io();
    expect(await runCli(['payments', '--url', 'http://127.0.0.1:9'], down)).toBe(1);
    expect(down.err.join('')).toContain('no emulator answers at http://127.0.0.1:9');
    const flag = io();
    expect(await runCli(['cancel', 'x', '--amount'], flag)).toBe(2);
    expect(flag.err.join('')).toContain('--amount needs a value');
  });

  it('parses durations', () => {
    expect([
      parseDuration('1500'),
      parseDuration('90s'),
      parseDuration('10m'),
      parseDuration('2h'),
      parseDuration('1d'),
    ]).toEqual([1500, 90_000, 600_000, 7_200_000, 86_400_000]);
    expect(() => parseDuration('soon')).toThrow();
  });

  it('runs as a program (bin entry)', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', cli, 'fault', '--help'],
      { cwd: fileURLToPath(new URL('../../..', import.meta.url)) },
    );
    expect(stdout).toContain('fault latency');
  });
});

describe('snapshot file', () => {
  it('keeps payments, billing keys and webhook endpoints across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tosskit-emu-'));
    const file = join(dir, 'state.json');
    try {
      const first = await createEmulator({ snapshotFile: file, webhookUrls: ['http://127.0.0.1:9/h'] });
      const c1 = client(first);
      const p = await c1.pay(orderId(), 4000);
      const pending = await first.control.authorizePayment({ orderId: orderId(), amount: 1000 });
      const { authKey } = await first.control.authorizeBilling({ customerKey: 'cust_snap' });
      const b = (await c1.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_snap' }))
        .body;
      await first.close();

      const second = await createEmulator({ snapshotFile: file });
      try {
        const c2 = client(second);
        expect((await c2.get(`/v1/payments/${p.paymentKey}`)).body.status).toBe('DONE');
        expect((await c2.post('/v1/payments/confirm', pending)).body.status).toBe('DONE');
        const charge = await c2.post(`/v1/billing/${b.billingKey}`, {
          amount: 1000,
          customerKey: 'cust_snap',
          orderId: orderId(),
          orderName: 'x',
        });
        expect(charge.status).toBe(200);
        expect(second.control.webhookEndpoints()).toEqual(['http://127.0.0.1:9/h']);
        // the clock does not run backwards across a restart
        expect(second.control.now()).toBeGreaterThanOrEqual(first.control.now());
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
