import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCollectingLogger } from './collecting-logger.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createCollectingLogger', () => {
  it('keeps warnings quiet, keeps errors on the console, and collects both', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logger = createCollectingLogger();
    logger.warn({ kind: 'UNKNOWN:X' }, 'webhook ignored: tosskit does not act on this event');
    logger.error({ route: 'POST /confirm' }, 'request failed');
    expect(warn).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('request failed');
    expect(logger.lines()).toEqual([
      'warn webhook ignored: tosskit does not act on this event {"kind":"UNKNOWN:X"}',
      'error request failed {"route":"POST /confirm"}',
    ]);
  });

  it('stops echoing errors once a test says it provokes them, and still collects them', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const echoed: string[] = [];
    const logger = createCollectingLogger({ echoErrors: (_fields, message) => void echoed.push(message) });
    logger.error({}, 'first');
    logger.expectErrors();
    logger.error({}, 'second');
    expect(echoed).toEqual(['first']);
    expect(error).not.toHaveBeenCalled();
    expect(logger.entries.map((e) => e.message)).toEqual(['first', 'second']);
    logger.clear();
    expect(logger.entries).toEqual([]);
  });
});
