/**
 * The conformance report as plain data: what each check sent, expected and got, and the document
 * it comes from. The runner produces it; the terminal, JUnit, HTML and JSON renderers only read it,
 * and the admin API returns it as is (so the inspector can show it too).
 */

export type CheckLevel = 'must' | 'should';
export type CheckOutcome = 'pass' | 'fail' | 'skip' | 'error';
export type ProfileId = 'okta' | 'entra' | 'entra-gallery' | 'rfc' | 'interop' | 'runscope';

export interface CheckSource {
  /** The document, e.g. "RFC 7644", "Okta SCIM 2.0 SPEC Test". */
  document: string;
  /** Section, step or test name inside it. */
  section?: string;
  url?: string;
  /** True for documents that are drafts (the interop profile): said wherever the check is shown. */
  draft?: boolean;
}

/** One HTTP exchange a check made, Authorization redacted. Bodies are text, cut at 4 KiB. */
export interface ExchangeRecord {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody?: string;
  durationMs: number;
  /** Set when no response came (connection refused, timeout). */
  error?: string;
}

export interface CheckResult {
  id: string;
  profile: ProfileId;
  title: string;
  level: CheckLevel;
  source: CheckSource;
  outcome: CheckOutcome;
  /** What the check requires, in words. */
  expected: string;
  /** What came back, in words ('' when it passed without remark). */
  actual: string;
  /** One line a developer can act on. */
  message: string;
  exchanges: ExchangeRecord[];
  durationMs: number;
}

export interface CleanupEntry {
  resourceType: 'User' | 'Group';
  id: string;
  action: 'deleted' | 'deactivated' | 'already-gone' | 'failed';
  detail?: string;
}

export interface ConformanceReport {
  tool: { name: 'scimscope'; version: string };
  target: string;
  /** How credentials were sent (never the credential itself). */
  auth: string;
  profiles: ProfileId[];
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
  summary: { total: number; passed: number; failed: number; skipped: number; errors: number; mustFailed: number; shouldFailed: number };
  cleanup: { entries: CleanupEntry[]; complete: boolean };
  notes: string[];
  /** Only on a run a signal stopped (`scimscope test` interrupted): its results are partial. */
  interrupted?: Interruption;
}

/** A run stopped by a signal: how many checks ended of how many it would have run, and the one cut short. */
export interface Interruption {
  signal: string;
  completed: number;
  planned: number;
  /** The check under way when it stopped (reported as a skip), if one was. */
  cutShort: string | null;
}

export function interruptionNote(i: Interruption): string {
  const notRun = i.planned - i.completed - (i.cutShort ? 1 : 0);
  return `The run was interrupted (${i.signal}) after ${i.completed} of ${i.planned} checks${i.cutShort ? `; ${i.cutShort} was cut short (reported as skipped)` : ''}${notRun > 0 ? `; ${notRun} were not run` : ''}. The clean-up ran on everything it had created (see Clean-up).`;
}

export function summarize(results: CheckResult[]): ConformanceReport['summary'] {
  const bad = (r: CheckResult) => r.outcome === 'fail' || r.outcome === 'error';
  return {
    total: results.length,
    passed: results.filter((r) => r.outcome === 'pass').length,
    failed: results.filter((r) => r.outcome === 'fail').length,
    skipped: results.filter((r) => r.outcome === 'skip').length,
    errors: results.filter((r) => r.outcome === 'error').length,
    mustFailed: results.filter((r) => bad(r) && r.level === 'must').length,
    shouldFailed: results.filter((r) => bad(r) && r.level === 'should').length,
  };
}

/** The exit code CI uses: 0 when no must-check failed, 1 when one did. */
export function exitCodeOf(report: ConformanceReport): 0 | 1 {
  return report.summary.mustFailed > 0 ? 1 : 0;
}
