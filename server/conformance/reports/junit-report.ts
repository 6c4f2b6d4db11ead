/**
 * The conformance report as JUnit XML, the format CI tools (Jenkins, GitLab, GitHub Actions
 * reporters, Azure Pipelines) read: one <testsuite> per profile, one <testcase> per check. A failed
 * must-check is a <failure type="must">, a failed should-check a <failure type="should"> (CI shows
 * it; the exit code does not count it), an unreachable server an <error>, a skip <skipped>; an
 * interrupted run says so in each suite's `interrupted` property.
 * Everything is escaped and characters XML 1.0 forbids are dropped.
 */
import { interruptionNote, type CheckResult, type ConformanceReport } from '../report-model.js';
import { sourceLine } from './terminal-report.js';

export function xmlEscape(text: string): string {
  return text
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function details(r: CheckResult): string {
  const lines = [`Expected: ${r.expected}`, `Got: ${r.actual}`, `Source: ${sourceLine(r)}`, '', 'Requests:'];
  for (const x of r.exchanges) {
    lines.push(`${x.method} ${x.url} -> ${x.status ?? `no response (${x.error})`} in ${x.durationMs} ms`);
    if (x.requestBody) lines.push(`  request body: ${x.requestBody}`);
    if (x.responseBody) lines.push(`  response body: ${x.responseBody}`);
  }
  return lines.join('\n');
}

function testcase(r: CheckResult): string {
  const open = `    <testcase name="${xmlEscape(`[${r.level.toUpperCase()}] ${r.title}`)}" classname="${xmlEscape(`scimscope.${r.profile}.${r.id}`)}" time="${seconds(r.durationMs)}">`;
  const body =
    r.outcome === 'fail'
      ? `\n      <failure message="${xmlEscape(r.message)}" type="${r.level}">${xmlEscape(details(r))}</failure>`
      : r.outcome === 'error'
        ? `\n      <error message="${xmlEscape(r.message)}" type="${r.level}">${xmlEscape(details(r))}</error>`
        : r.outcome === 'skip'
          ? `\n      <skipped message="${xmlEscape(r.message)}"/>`
          : '';
  return `${open}${body}\n    </testcase>`;
}

export function renderJunit(report: ConformanceReport): string {
  const suites = report.profiles.map((profile) => {
    const results = report.results.filter((r) => r.profile === profile);
    const count = (o: CheckResult['outcome']) => results.filter((r) => r.outcome === o).length;
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    return [
      `  <testsuite name="${xmlEscape(profile)}" tests="${results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip')}" time="${seconds(time)}" timestamp="${report.startedAt.replace(/\.\d+Z$/, '')}">`,
      `    <properties>`,
      `      <property name="target" value="${xmlEscape(report.target)}"/>`,
      `      <property name="tool" value="${xmlEscape(`${report.tool.name} ${report.tool.version}`)}"/>`,
      ...(report.interrupted ? [`      <property name="interrupted" value="${xmlEscape(interruptionNote(report.interrupted))}"/>`] : []),
      `    </properties>`,
      ...results.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scimscope conformance" tests="${s.total}" failures="${s.failed}" errors="${s.errors}" skipped="${s.skipped}" time="${seconds(report.durationMs)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
