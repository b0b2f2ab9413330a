/**
 * The tosskit-emulator command line, as a function so tests can run it in-process.
 * Arguments are parsed by hand (no dependencies). Client commands talk to a running emulator's
 * control API (`--url`, or TOSSKIT_EMULATOR_URL, default http://127.0.0.1:4010).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the control API's JSON answers are printed as they come */
import { createEmulator } from './emulator.js';
import type { Emulator, EmulatorOptions, RequestLogEntry } from './emulator.js';
import { API_ROUTES, DROPPABLE_ROUTES } from './faults.js';
import type { FaultSpec } from './faults.js';
import type { Delivery } from './webhooks.js';
import { parseWebhookFlag } from './webhook-events.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** whether stdout is a terminal (colour is used only then, and only without NO_COLOR) */
  isTTY: boolean;
  /** `start` calls this once the emulator listens (tests close it; the bin waits for a signal) */
  onStarted?: (emulator: Emulator) => void;
  /** `webhooks` stops following when this aborts */
  signal?: AbortSignal;
}

export const DEFAULT_PORT = 4010;

class CliError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

/** `--name value`, `--name=value`, and boolean `--flag`; `-h` is `--help`. */
function parseArgs(argv: string[], booleans: Set<string>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      flags.set('help', ['true']);
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (booleans.has(name)) value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new CliError(`--${name} needs a value`);
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { positional, flags };
}

const one = (p: Parsed, name: string): string | undefined => p.flags.get(name)?.at(-1);

function int(p: Parsed, name: string, min = 0): number | undefined {
  const v = one(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min)
    throw new CliError(`--${name} must be an integer >= ${min} (got "${v}")`);
  return n;
}

/** 90s, 10m, 2h, 1d or plain milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new CliError(`"${text}" is not a duration (e.g. 1500, 90s, 10m, 2h, 1d)`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
  return n * unit;
}

function palette(io: CliIo) {
  const on = io.isTTY && (io.env['NO_COLOR'] === undefined || io.env['NO_COLOR'] === '');
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    bold: wrap('1'),
    dim: wrap('2'),
    green: wrap('32'),
    red: wrap('31'),
    yellow: wrap('33'),
    cyan: wrap('36'),
  };
}

const HELP: Record<string, string> = {
  main: `tosskit-emulator — a local Toss Payments (API 2022-11-16) for development and tests

Usage: tosskit-emulator <command> [options]

Commands:
  start                     start the emulator and print the keys and URLs a shop needs
  deposit <id>              a buyer deposits into a virtual account (WAITING_FOR_DEPOSIT → DONE)
  deposit-error <id>        the bank reports a deposit error (DONE → WAITING_FOR_DEPOSIT)
  cancel <id>               cancel a payment like the dashboard would (full or --amount)
  expire <id>               end a payment's validity now (session → EXPIRED; virtual account → expired)
  payments                  list payments
  webhooks                  follow webhook deliveries as they happen
  resend <deliveryId>       send a logged webhook delivery again (a new delivery, same body and endpoint)
  fault <kind> ...          inject a fault (latency, drop, fail, webhook), list or clear them
  clock <duration>          move the emulator clock forward (e.g. 10m, 2h, 1d)

<id> is an orderId or a paymentKey.
Client commands reach a running emulator at --url (or TOSSKIT_EMULATOR_URL; default http://127.0.0.1:${DEFAULT_PORT}).
Run "tosskit-emulator <command> --help" for a command's options.`,
  start: `Usage: tosskit-emulator start [options]

Options:
  --port <n>                  port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>               address to bind (default 127.0.0.1)
  --webhook <url>             webhook endpoint receiving every event type (the default); repeat for several
  --webhook <EVENTS>=<url>    an endpoint for some event types only, comma-separated, as the developer center's
                              per-URL event choice, e.g. DEPOSIT_CALLBACK=http://127.0.0.1:3000/va-hook
                              (PAYMENT_STATUS_CHANGED, DEPOSIT_CALLBACK, CANCEL_STATUS_CHANGED, BILLING_DELETED, ...)
  --secret-key <key>          accepted secret key; repeat (default: the public docs test keys)
  --client-key <key>          accepted client key; repeat (default: the public docs test keys)
  --time-scale <n>            emulator minutes per real minute (default 1; 60 makes retries 60x faster; 0 freezes)
  --consecutive-window <ms>   FORBIDDEN_CONSECUTIVE_REQUEST window (default 1000; 0 turns it off)
  --snapshot <file>           keep state in this file so a restart resumes where it was
  --quiet                     do not print API calls and webhook deliveries`,
  deposit: `Usage: tosskit-emulator deposit <orderId|paymentKey> [--url <emulator>]

A buyer deposits into the virtual account: WAITING_FOR_DEPOSIT → DONE, with PAYMENT_STATUS_CHANGED and DEPOSIT_CALLBACK webhooks.`,
  'deposit-error': `Usage: tosskit-emulator deposit-error <orderId|paymentKey> [--url <emulator>]

The bank reports a deposit error: DONE → WAITING_FOR_DEPOSIT; the buyer must deposit again.`,
  cancel: `Usage: tosskit-emulator cancel <orderId|paymentKey> [--amount <won>] [--reason <text>] [--url <emulator>]

Cancels in full, or partially with --amount. Webhooks follow as for the API.`,
  expire: `Usage: tosskit-emulator expire <orderId|paymentKey> [--url <emulator>]

READY/IN_PROGRESS → EXPIRED (failure EXPIRED_PAYMENT, webhook); a waiting virtual account is marked expired.`,
  payments: `Usage: tosskit-emulator payments [--json] [--url <emulator>]`,
  webhooks: `Usage: tosskit-emulator webhooks [--once] [--interval <ms>] [--url <emulator>]

Prints each delivery attempt as it happens (event, endpoint, answer). --once prints what exists and exits.`,
  resend: `Usage: tosskit-emulator resend <deliveryId> [--url <emulator>]

Sends a delivery's body again to its endpoint, as a new delivery with its own retries ("tosskit-emulator webhooks --once" lists the ids).`,
  fault: `Usage:
  tosskit-emulator fault latency <route|*> <ms> [--times <n>]
  tosskit-emulator fault drop <route> [--times <n>]          commit, then cut the connection (${DROPPABLE_ROUTES.join(', ')})
  tosskit-emulator fault fail <route|*> [--code <CODE>] [--status <5xx>] [--times <n>]
  tosskit-emulator fault webhook <duplicate|delay|reorder|drop> [--delay <duration>] [--times <n>] [--event <TYPE>]
  tosskit-emulator fault list
  tosskit-emulator fault clear

Routes: ${API_ROUTES.join(', ')}`,
  clock: `Usage: tosskit-emulator clock <duration> [--url <emulator>]

Moves the emulator clock forward (1500, 90s, 10m, 2h, 1d): session expiries and webhook retries that fall due run at once.
"tosskit-emulator clock" alone prints the emulator time.`,
};

async function controlCall(io: CliIo, p: Parsed, method: string, path: string, body?: unknown): Promise<any> {
  const base = (
    one(p, 'url') ??
    io.env['TOSSKIT_EMULATOR_URL'] ??
    `http://127.0.0.1:${DEFAULT_PORT}`
  ).replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new CliError(
      `no emulator answers at ${base}; start one with "tosskit-emulator start" or pass --url`,
    );
  }
  const text = await res.text();
  const value = text === '' ? null : (JSON.parse(text) as any);
  if (!res.ok) throw new CliError(`${value?.code ?? res.status}: ${value?.message ?? text}`);
  return value;
}

function paymentLine(p: any, c: ReturnType<typeof palette>): string {
  const colour =
    p.status === 'DONE'
      ? c.green
      : p.status === 'CANCELED' || p.status === 'ABORTED' || p.status === 'EXPIRED'
        ? c.red
        : c.yellow;
  return `${colour(String(p.status).padEnd(19))} ${String(p.orderId).padEnd(24)} ${String(p.balanceAmount).padStart(9)}/${String(p.totalAmount).padEnd(9)} ${p.method ?? '-'}  ${c.dim(p.paymentKey)}`;
}

function deliveryLine(d: Delivery, c: ReturnType<typeof palette>): string {
  const last = d.attempts.at(-1);
  const answer = last === undefined ? '' : last.status !== null ? `HTTP ${last.status}` : (last.error ?? '');
  const colour =
    d.state === 'delivered' ? c.green : d.state === 'failed' || d.state === 'dropped' ? c.red : c.yellow;
  const subject =
    (d.body['data'] as { orderId?: string; status?: string } | undefined) ??
    (d.body as { orderId?: string; status?: string });
  return `#${d.id} ${colour(d.state.padEnd(9))} ${d.eventType.padEnd(22)} ${String(subject.status ?? '').padEnd(19)} ${String(subject.orderId ?? '')} → ${d.url} ${c.dim(`attempts ${d.attempts.length}${answer ? `, ${answer}` : ''}`)}`;
}

function requestLine(e: RequestLogEntry, c: ReturnType<typeof palette>): string {
  const colour = e.status < 300 ? c.green : e.status < 500 ? c.yellow : c.red;
  const tags = [e.replayed ? 'replayed' : '', e.dropped ? 'DROPPED' : '', e.code ?? '']
    .filter(Boolean)
    .join(' ');
  return `${c.dim('api')} ${e.method.padEnd(6)} ${e.path} ${colour(String(e.status))}${tags ? ` ${tags}` : ''}`;
}

async function start(p: Parsed, io: CliIo): Promise<number> {
  const c = palette(io);
  const quiet = one(p, 'quiet') === 'true';
  const options: EmulatorOptions = {
    port: int(p, 'port') ?? DEFAULT_PORT,
    host: one(p, 'host') ?? '127.0.0.1',
    webhooks: (p.flags.get('webhook') ?? []).map((value) => {
      try {
        return parseWebhookFlag(value);
      } catch (error) {
        throw new CliError(`--webhook ${value}: ${(error as Error).message}`);
      }
    }),
    timeScale: one(p, 'time-scale') === undefined ? 1 : Number(one(p, 'time-scale')),
    consecutiveRequestWindowMs: int(p, 'consecutive-window'),
    snapshotFile: one(p, 'snapshot'),
  };
  if (!(options.timeScale! >= 0))
    throw new CliError('--time-scale must be a number >= 0 (0 freezes the clock)');
  const secretKeys = p.flags.get('secret-key');
  const clientKeys = p.flags.get('client-key');
  if (secretKeys) options.secretKeys = secretKeys;
  if (clientKeys) options.clientKeys = clientKeys;
  if (!quiet) {
    options.onRequest = (e) => io.stdout(requestLine(e, c));
    options.onDelivery = (d) => {
      if (d.state !== 'in-flight') io.stdout(`${c.dim('webhook')} ${deliveryLine(d, c)}`);
    };
  }
  let emulator: Emulator;
  try {
    emulator = await createEmulator(options);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${options.port} is in use; pick another with --port`);
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const k = emulator.keys;
  const lines = [
    `${c.bold('tosskit emulator')} — Toss Payments API 2022-11-16, listening on ${c.cyan(emulator.url)}`,
    '',
    `  API base URL       ${emulator.url}        ${c.dim('(apiBaseUrl / baseUrl of the gateway client)')}`,
    `  SDK script         ${emulator.url}/v2/standard  ${c.dim('(loadTossPayments(clientKey, { src }))')}`,
    `  Control API        ${emulator.url}/__emulator/`,
    `  Dashboard          ${emulator.url}/__emulator/dashboard  ${c.dim('(payments, webhooks, faults, clock)')}`,
    '',
    `  Secret key         ${k.secretKey}`,
    `  Client key         ${k.clientKey}`,
    `  Widget secret key  ${k.widgetSecretKey || c.dim('(none)')}`,
    `  Widget client key  ${k.widgetClientKey || c.dim('(none)')}`,
    '',
    `  Webhooks           ${
      emulator.control
        .webhookSubscriptions()
        .map((s) => (s.events === null ? s.url : `${s.url} (${s.events.join(', ')})`))
        .join(', ') || c.dim('none (add with --webhook <url>)')
    }`,
    `  Time scale         ${options.timeScale}x${options.snapshotFile ? `   Snapshot ${options.snapshotFile}` : ''}`,
    '',
    c.dim('These are test keys of this local emulator. Stop with Ctrl+C.'),
  ];
  io.stdout(lines.join('\n'));
  io.onStarted?.(emulator);
  return 0;
}

async function follow(p: Parsed, io: CliIo): Promise<number> {
  const c = palette(io);
  const interval = int(p, 'interval', 50) ?? 500;
  const seen = new Map<number, string>();
  const once = one(p, 'once') === 'true';
  for (;;) {
    const deliveries = (await controlCall(io, p, 'GET', 'deliveries')) as Delivery[];
    for (const d of deliveries) {
      const sig = `${d.state}:${d.attempts.length}`;
      if (seen.get(d.id) === sig) continue;
      seen.set(d.id, sig);
      if (d.state !== 'in-flight') io.stdout(deliveryLine(d, c));
    }
    if (once || io.signal?.aborted) return 0;
    await new Promise((r) => setTimeout(r, interval));
    if (io.signal?.aborted) return 0;
  }
}

function faultSpec(p: Parsed): FaultSpec {
  const [, kind, a, b] = p.positional;
  const times = int(p, 'times', 1);
  const withTimes = <T extends object>(spec: T): T => (times === undefined ? spec : { ...spec, times });
  switch (kind) {
    case 'latency':
      if (a === undefined || b === undefined) throw new CliError('usage: fault latency <route|*> <ms>');
      return withTimes({ kind: 'latency', route: a as never, ms: parseDuration(b) });
    case 'drop':
      if (a === undefined) throw new CliError('usage: fault drop <route>');
      return withTimes({ kind: 'drop', route: a as never });
    case 'fail': {
      if (a === undefined) throw new CliError('usage: fault fail <route|*> [--code CODE] [--status N]');
      const spec: FaultSpec = { kind: 'fail', route: a as never };
      const code = one(p, 'code');
      const status = int(p, 'status', 400);
      return withTimes({
        ...spec,
        ...(code === undefined ? {} : { code }),
        ...(status === undefined ? {} : { status }),
      });
    }
    case 'webhook': {
      if (a === undefined) throw new CliError('usage: fault webhook <duplicate|delay|reorder|drop>');
      const delay = one(p, 'delay');
      const event = one(p, 'event');
      return withTimes({
        kind: 'webhook',
        action: a as never,
        ...(delay === undefined ? {} : { delayMs: parseDuration(delay) }),
        ...(event === undefined ? {} : { eventType: event }),
      });
    }
    default:
      throw new CliError(
        `unknown fault kind "${kind ?? ''}"; one of latency, drop, fail, webhook, list, clear`,
      );
  }
}

const BOOLEANS = new Set(['help', 'quiet', 'json', 'once']);

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const c = palette(io);
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv, BOOLEANS);
  } catch (error) {
    io.stderr(`${c.red('error')} ${(error as Error).message}`);
    return 2;
  }
  const [command, id] = parsed.positional;
  const help = one(parsed, 'help') === 'true';
  if (command === undefined || command === 'help') {
    io.stdout(HELP['main']!);
    return command === undefined && !help ? 2 : 0;
  }
  if (!(command in HELP)) {
    io.stderr(`${c.red('error')} unknown command "${command}"\n\n${HELP['main']}`);
    return 2;
  }
  if (help) {
    io.stdout(HELP[command]!);
    return 0;
  }
  try {
    const needId = (): string => {
      if (id === undefined)
        throw new CliError(`"${command}" needs an orderId or paymentKey\n\n${HELP[command]}`);
      return encodeURIComponent(id);
    };
    switch (command) {
      case 'start':
        return await start(parsed, io);
      case 'deposit':
      case 'deposit-error':
      case 'expire': {
        const p = await controlCall(io, parsed, 'POST', `payments/${needId()}/${command}`);
        io.stdout(paymentLine(p, c));
        return 0;
      }
      case 'cancel': {
        const amount = int(parsed, 'amount', 1);
        const body = {
          cancelReason: one(parsed, 'reason') ?? 'tosskit-emulator CLI',
          ...(amount === undefined ? {} : { cancelAmount: amount }),
        };
        const p = await controlCall(io, parsed, 'POST', `payments/${needId()}/cancel`, body);
        io.stdout(paymentLine(p, c));
        return 0;
      }
      case 'payments': {
        const list = await controlCall(io, parsed, 'GET', 'payments');
        if (one(parsed, 'json') === 'true') io.stdout(JSON.stringify(list, null, 2));
        else
          io.stdout(
            list.length === 0 ? c.dim('no payments') : list.map((p: unknown) => paymentLine(p, c)).join('\n'),
          );
        return 0;
      }
      case 'webhooks':
        return await follow(parsed, io);
      case 'resend': {
        const d = await controlCall(io, parsed, 'POST', `deliveries/${encodeURIComponent(id ?? '')}/resend`);
        io.stdout(deliveryLine(d, c));
        return 0;
      }
      case 'fault': {
        const sub = parsed.positional[1];
        if (sub === 'list') {
          const list = await controlCall(io, parsed, 'GET', 'faults');
          io.stdout(
            list.length === 0
              ? c.dim('no faults')
              : list
                  .map(
                    (f: any) =>
                      `#${f.id} ${JSON.stringify(f.spec)} ${c.dim(f.remaining === null ? 'until cleared' : `${f.remaining} left`)}`,
                  )
                  .join('\n'),
          );
          return 0;
        }
        if (sub === 'clear') {
          await controlCall(io, parsed, 'DELETE', 'faults');
          io.stdout('faults cleared');
          return 0;
        }
        const spec = faultSpec(parsed);
        const { id: faultId } = await controlCall(io, parsed, 'POST', 'faults', spec);
        io.stdout(`fault #${faultId} armed: ${JSON.stringify(spec)}`);
        return 0;
      }
      case 'clock': {
        const body = id === undefined ? undefined : { advanceMs: parseDuration(id) };
        const now = await controlCall(io, parsed, body === undefined ? 'GET' : 'POST', 'clock', body);
        io.stdout(`emulator time ${now.iso}`);
        return 0;
      }
    }
    return 2;
  } catch (error) {
    const message =
      error instanceof CliError ? error.message : error instanceof Error ? error.message : String(error);
    io.stderr(`${c.red('error')} ${message}`);
    return 1;
  }
}
