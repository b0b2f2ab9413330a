// The closing `N passed, N failed` of `npm test`, computed from vitest's JSON report and its exit status.

/**
 * Counts a run. A failed test counts once. A test file that failed with no failed test inside it (an
 * import error, a throw at its top level, a failing hook) counts as one failure; a file whose tests failed
 * is already counted through them. A run that exited non-zero with nothing counted (an unhandled error, a
 * crashed worker) or wrote no report counts as one failure: it never reads as clean.
 *
 * @param {null | { numPassedTests?: number, numFailedTests?: number, numPendingTests?: number,
 *   numTodoTests?: number, testResults?: Array<{ status?: string, assertionResults?: Array<{ status?: string }> }> }} report
 * @param {number | null} exitStatus
 * @returns {{ passed: number, failed: number, skipped: number, why: string | null }}
 */
export function countResults(report, exitStatus) {
  if (report === null) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      why: 'vitest wrote no JSON report: the run did not complete.',
    };
  }
  const failedFiles = (report.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  const passed = report.numPassedTests ?? 0;
  let failed = (report.numFailedTests ?? 0) + failedFiles;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  let why = null;
  if (exitStatus !== 0 && failed === 0) {
    failed = 1;
    why = 'vitest exited non-zero with no failed test: see "Unhandled Errors" above. Counted as one failure.';
  }
  return { passed, failed, skipped, why };
}
