import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script with JSDoc types, no declaration file
import { countResults } from './count-results.mjs';

const file = (status: string, tests: string[]) => ({
  status,
  assertionResults: tests.map((s) => ({ status: s })),
});

describe('countResults (the closing line of npm test)', () => {
  it('counts one failing test once, not again for its file', () => {
    const report = {
      numPassedTests: 4,
      numFailedTests: 1,
      numFailedTestSuites: 1,
      testResults: [file('failed', ['passed', 'failed']), file('passed', ['passed', 'passed', 'passed'])],
    };
    expect(countResults(report, 1)).toMatchObject({ passed: 4, failed: 1 });
  });

  it('counts a file that failed outside any test (import error, top-level throw) as one failure', () => {
    const report = {
      numPassedTests: 2,
      numFailedTests: 0,
      numFailedTestSuites: 1,
      testResults: [file('failed', []), file('passed', ['passed', 'passed'])],
    };
    expect(countResults(report, 1)).toMatchObject({ passed: 2, failed: 1 });
  });

  it('never reports a clean run when vitest failed outside a test or wrote no report', () => {
    const clean = { numPassedTests: 3, numFailedTests: 0, testResults: [file('passed', ['passed'])] };
    expect(countResults(clean, 0)).toMatchObject({ passed: 3, failed: 0, why: null });
    expect(countResults(clean, 1).failed).toBe(1);
    expect(countResults(null, 0).failed).toBe(1);
  });

  it('reports skipped and todo tests apart', () => {
    const report = {
      numPassedTests: 1,
      numFailedTests: 0,
      numPendingTests: 2,
      numTodoTests: 1,
      testResults: [],
    };
    expect(countResults(report, 0)).toMatchObject({ passed: 1, failed: 0, skipped: 3 });
  });
});
