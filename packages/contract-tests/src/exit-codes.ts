/**
 * How a run ends, as its exit code (packages/contract-tests/README.md, "exit"):
 *   0    every check that ran passed, and the run was whole
 *   1    a check failed (whatever else happened)
 *   2    a bad option or configuration, before anything is sent (the CLI's own)
 *   3    nothing failed, but the request budget (`--max-requests`) was spent before every check ran:
 *        a partial pass, which a budgeted run against a live service can accept
 *   130  interrupted (Ctrl-C), nothing failed before
 */
export function exitCodeOf(summary: { failed: number; aborted?: string | undefined }): number {
  if (summary.failed > 0) return 1;
  if (!summary.aborted) return 0;
  return /^interrupted/.test(summary.aborted) ? 130 : 3;
}
