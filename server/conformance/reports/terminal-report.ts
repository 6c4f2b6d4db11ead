/**
 * The conformance report for a terminal: one line per check grouped by profile, and for each
 * failure what was sent, what was expected, what came back and the document it comes from; then
 * the totals, what the run cleaned up, and the verdict CI acts on (INTERRUPTED for a run a signal
 * stopped, whatever its partial results).
 */
import type { CheckResult, ConformanceReport } from '../report-model.js';

export interface TerminalOptions {
  color: boolean;
  /** Print passed checks too (default: only their count per profile). */
  verbose?: boolean;
}

const MARK: Record<CheckResult['outcome'], string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP', error: 'ERR ' };

function paint(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { red: wrap('31'), green: wrap('32'), yellow: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}

/** Terminal output must not carry the server's control characters (escape sequences) through. */
function clean(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '?');
}

export function sourceLine(r: Pick<CheckResult, 'source'>): string {
  const s = r.source;
  return `${s.document}${s.section ? `, ${s.section}` : ''}${s.draft ? ' [draft]' : ''}${s.url ? ` <${s.url}>` : ''}`;
}

export function renderTerminal(report: ConformanceReport, options: TerminalOptions): string {
  const c = paint(options.color);
  const lines: string[] = [c.bold(`Scimscope conformance: ${clean(report.target)}`), c.dim(`profiles ${report.profiles.join(', ')} · auth ${report.auth} · ${report.startedAt}`), ''];
  for (const profile of report.profiles) {
    const results = report.results.filter((r) => r.profile === profile);
    const passed = results.filter((r) => r.outcome === 'pass').length;
    lines.push(c.bold(`${profile}  (${passed}/${results.length} passed)`));
    for (const r of results) {
      if (r.outcome === 'pass' && !options.verbose) continue;
      const mark = r.outcome === 'pass' ? c.green(MARK.pass) : r.outcome === 'skip' ? c.dim(MARK.skip) : r.level === 'must' ? c.red(MARK[r.outcome]) : c.yellow(MARK[r.outcome]);
      lines.push(`  ${mark} ${r.level.toUpperCase().padEnd(6)} ${clean(r.title)} ${c.dim(`(${r.id})`)}`);
      if (r.outcome === 'pass') continue;
      lines.push(`         ${clean(r.message)}`);
      if (r.outcome === 'skip') continue;
      lines.push(`         expected: ${clean(r.expected)}`);
      if (r.actual) lines.push(`         got:      ${clean(r.actual.length > 400 ? `${r.actual.slice(0, 400)}…` : r.actual)}`);
      const last = r.exchanges.at(-1);
      if (last) lines.push(`         sent:     ${last.method} ${clean(last.url)} → ${last.status ?? last.error}${r.exchanges.length > 1 ? c.dim(` (last of ${r.exchanges.length} requests)`) : ''}`);
      lines.push(c.dim(`         source:   ${clean(sourceLine(r))}`));
    }
    if (!options.verbose && passed > 0) lines.push(c.dim(`  ${passed} passed`));
    lines.push('');
  }
  for (const note of report.notes) lines.push(c.dim(`Note: ${note}`));
  const s = report.summary;
  lines.push(`${s.total} checks: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.skipped} skipped (${s.mustFailed} must, ${s.shouldFailed} should not met) in ${(report.durationMs / 1000).toFixed(1)} s`);
  const counts = (action: string) => report.cleanup.entries.filter((e) => e.action === action).length;
  const cleaned = `Clean-up: ${counts('deleted')} deleted, ${counts('deactivated')} deactivated (DELETE unsupported), ${counts('already-gone')} already gone`;
  lines.push(report.cleanup.complete ? cleaned : c.red(`${cleaned}; NOT removed: ${report.cleanup.entries.filter((e) => e.action === 'failed').map((e) => `${e.resourceType} ${e.id} (${e.detail})`).join(', ')}`));
  const i = report.interrupted;
  if (i) lines.push(c.red(c.bold(`INTERRUPTED (${i.signal}) after ${i.completed} of ${i.planned} checks: the results are partial${s.mustFailed > 0 ? `, and ${s.mustFailed} must-check(s) failed among them` : ''}.`)));
  else lines.push(s.mustFailed > 0 ? c.red(c.bold(`FAILED: ${s.mustFailed} must-check(s) failed.`)) : c.green(c.bold('PASSED: every must-check passed.')));
  return `${lines.join('\n')}\n`;
}
