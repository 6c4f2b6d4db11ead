/**
 * The report renderers over one report full of hostile text (markup, quotes, ampersands, control
 * and escape characters, a script tag, a javascript: link): JUnit XML that CI tools can read and
 * that keeps the text, an HTML file that escapes everything and loads nothing, JSON with the
 * documented shape, terminal text that does not pass escape sequences through, and exit codes.
 */
import { describe, expect, it } from 'vitest';
import { exitCodeOf, summarize, type CheckResult, type ConformanceReport } from '../../server/conformance/report-model.js';
import { renderHtml } from '../../server/conformance/reports/html-report.js';
import { JSON_REPORT_FORMAT, renderJson } from '../../server/conformance/reports/json-report.js';
import { renderJunit } from '../../server/conformance/reports/junit-report.js';
import { renderTerminal } from '../../server/conformance/reports/terminal-report.js';
import { DOMParser, junitProblems } from '../helpers/junit-structure.js';

const NASTY = `</testcase><script>alert("x")</script> & 'quotes' \u0000\u001b[31mred\u001b[0m ünïcödé 😀 ]]>`;

function result(partial: Partial<CheckResult>): CheckResult {
  return {
    id: 'rfc.x',
    profile: 'rfc',
    title: 'A check',
    level: 'must',
    source: { document: 'RFC 7644', section: '3.3', url: 'https://www.rfc-editor.org/rfc/rfc7644#section-3.3' },
    outcome: 'pass',
    expected: 'something',
    actual: '',
    message: 'Passed.',
    exchanges: [],
    durationMs: 12,
    ...partial,
  };
}

function report(results: CheckResult[]): ConformanceReport {
  return {
    tool: { name: 'scimscope', version: '0.1.0' },
    target: 'http://127.0.0.1:1/scim/v2',
    auth: 'bearer',
    profiles: ['rfc', 'interop'],
    startedAt: '2026-12-04T12:00:00.123Z',
    durationMs: 1234,
    results,
    summary: summarize(results),
    cleanup: { entries: [{ resourceType: 'User', id: 'u1', action: 'deleted' }], complete: true },
    notes: ['A note with <b>markup</b>'],
  };
}

const hostile = report([
  result({ id: 'rfc.a', title: `Title ${NASTY}` }),
  result({
    id: 'rfc.b',
    outcome: 'fail',
    message: `Message ${NASTY}`,
    actual: `Actual ${NASTY}`,
    expected: `Expected ${NASTY}`,
    exchanges: [{ method: 'POST', url: 'http://127.0.0.1:1/scim/v2/Users', requestHeaders: { Authorization: 'Bearer [redacted]' }, requestBody: `{"x":"${NASTY}"}`, status: 201, responseHeaders: { 'content-type': 'text/html' }, responseBody: NASTY, durationMs: 3 }],
  }),
  result({ id: 'rfc.c', outcome: 'skip', message: 'Not advertised.' }),
  result({ id: 'interop.d', profile: 'interop', level: 'should', outcome: 'fail', message: 'No claim.', source: { document: 'draft', draft: true, url: 'javascript:alert(1)' } }),
  result({ id: 'interop.e', profile: 'interop', outcome: 'error', message: 'no response (ECONNREFUSED)' }),
]);

describe('JUnit report', () => {
  it('is well-formed and follows the JUnit schema CI tools read', () => {
    expect(junitProblems(renderJunit(hostile))).toEqual([]);
  });

  it('keeps the text (less the characters XML forbids) and marks must and should', () => {
    const doc = new DOMParser().parseFromString(renderJunit(hostile), 'text/xml');
    const failures = Array.from(doc.getElementsByTagName('failure'));
    expect(failures.map((f) => f.getAttribute('type'))).toEqual(['must', 'should']);
    expect(failures[0]!.getAttribute('message')).toBe(`Message ${NASTY.replace(/[\u0000\u001b]/g, '')}`);
    expect(failures[0]!.textContent).toContain('Source: RFC 7644, 3.3');
    expect(doc.getElementsByTagName('error')).toHaveLength(1);
    expect(doc.getElementsByTagName('skipped')).toHaveLength(1);
    expect(doc.getElementsByTagName('testcase')[0]!.getAttribute('name')).toContain('[MUST] Title </testcase>');
  });

  it('the structural check itself catches broken files', () => {
    expect(junitProblems('<testsuites><testsuite name="a" tests="2" failures="0" errors="0" skipped="0" time="1"><testcase name="x" classname="c" time="0"/></testsuite></testsuites>')).toEqual(['testsuite a@tests is 2, it holds 1']);
    expect(junitProblems('<testsuites><testsuite>')[0]).toMatch(/XML/);
  });
});

describe('HTML report', () => {
  const html = renderHtml(hostile);

  it('escapes everything the server or the check said', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('</testcase>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('A note with &lt;b&gt;markup&lt;/b&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).not.toMatch(/[\u0000\u001b]/);
  });

  it('is one self-contained file: nothing loaded from elsewhere, a CSP that forbids it', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('<a href="https://www.rfc-editor.org/rfc/rfc7644#section-3.3"');
    expect(html).toContain('FAILED: 2 must-check(s) failed');
  });
});

describe('JSON report', () => {
  it('is the report data with its format marker', () => {
    const parsed = JSON.parse(renderJson(hostile));
    expect(parsed.format).toBe(JSON_REPORT_FORMAT);
    expect(Object.keys(parsed).sort()).toEqual(['auth', 'cleanup', 'durationMs', 'format', 'notes', 'profiles', 'results', 'startedAt', 'summary', 'target', 'tool']);
    expect(parsed.summary).toEqual({ total: 5, passed: 1, failed: 2, skipped: 1, errors: 1, mustFailed: 2, shouldFailed: 1 });
    expect(Object.keys(parsed.results[1]).sort()).toEqual(['actual', 'durationMs', 'exchanges', 'expected', 'id', 'level', 'message', 'outcome', 'profile', 'source', 'title']);
    expect(parsed.results[1].message).toBe(`Message ${NASTY}`);
  });
});

describe('terminal report and exit code', () => {
  it('shows failures with what was expected, got, sent and the source, without the server\'s escape sequences', () => {
    const text = renderTerminal(hostile, { color: false });
    expect(text).not.toMatch(/[\u0000\u001b]/);
    expect(text).toContain('expected: Expected');
    expect(text).toContain('sent:     POST http://127.0.0.1:1/scim/v2/Users → 201');
    expect(text).toContain('source:   RFC 7644, 3.3 <https://www.rfc-editor.org/rfc/rfc7644#section-3.3>');
    expect(text).toContain('draft [draft]');
    expect(text).toContain('FAILED: 2 must-check(s) failed.');
  });

  it.each([
    ['a failed must-check', [result({ outcome: 'fail' })], 1],
    ['an error on a must-check', [result({ outcome: 'error' })], 1],
    ['only a failed should-check', [result({ level: 'should', outcome: 'fail' })], 0],
    ['passes and skips', [result({}), result({ outcome: 'skip' })], 0],
  ] as const)('exit code with %s', (_label, results, code) => {
    expect(exitCodeOf(report([...results]))).toBe(code);
  });
});
