/** The emulator clock's schedule: due order, cancellation, and a heap bounded by what is still to run. */
import { describe, expect, it } from 'vitest';
import { EmulatorClock } from './clock.js';

describe('emulator clock', () => {
  it('runs what is due in due order and skips what was cancelled, across a rebuild of its heap', () => {
    const clock = new EmulatorClock({ timeScale: 0, start: 0 });
    const ran: number[] = [];
    const ids = Array.from({ length: 5000 }, (_, i) =>
      clock.schedule(((i * 7919) % 5000) + 1, () => ran.push(i)),
    );
    // cancel four in five: enough to make the clock rebuild its heap
    ids.forEach((id, i) => {
      if (i % 5 !== 0) clock.cancel(id);
    });
    clock.cancel(ids[1]!); // twice: no effect
    clock.advance(10_000);
    const expected = ids
      .map((_, i) => i)
      .filter((i) => i % 5 === 0)
      .sort((a, b) => ((a * 7919) % 5000) - ((b * 7919) % 5000) || a - b);
    expect(ran).toEqual(expected);
  });

  it('does not keep cancelled tasks (and what their closures hold) beyond the live ones', () => {
    const clock = new EmulatorClock({ timeScale: 0, start: 0 });
    // what a busy emulator does: every session schedules its 10-minute expiry, and its confirm cancels it
    for (let i = 0; i < 100_000; i += 1) {
      const session = { paymentKey: `pk-${i}`, snapshot: 'x'.repeat(100) };
      const id = clock.schedule(600_000, () => void session.paymentKey);
      clock.cancel(id);
    }
    const live = clock.schedule(600_000, () => undefined);
    expect(clock.queued).toBeLessThan(2_100);
    clock.cancel(live);
    clock.advance(600_001);
    expect(clock.queued).toBe(0);
  });

  it('a task scheduled by a running task runs in the same pass when it is already due', () => {
    const clock = new EmulatorClock({ timeScale: 0, start: 0 });
    const ran: string[] = [];
    clock.schedule(10, () => {
      ran.push('first');
      clock.schedule(0, () => ran.push('second'));
    });
    clock.advance(10);
    expect(ran).toEqual(['first', 'second']);
  });
});
