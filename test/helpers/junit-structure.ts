/**
 * Validates JUnit XML the way CI tools read it: well-formed XML (parsed by @xmldom/xmldom, any
 * warning or error fails), then the structure of the Jenkins/Ant JUnit schema (junit-10.xsd):
 * <testsuites> of <testsuite name tests failures errors skipped time timestamp> whose counts match
 * their <testcase name classname time> children, each with at most one of failure, error, skipped
 * (failure and error carrying message and type). Returns the problems found (empty when valid).
 */
import { DOMParser } from '@xmldom/xmldom';

const INT = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

function children(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

export function junitProblems(xml: string): string[] {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: (m: string) => problems.push(`XML warning: ${m}`),
      error: (m: string) => problems.push(`XML error: ${m}`),
      fatalError: (m: string) => problems.push(`XML fatal error: ${m}`),
    },
  }).parseFromString(xml, 'text/xml');
  if (problems.length) return problems;
  const root = doc.documentElement;
  if (!root || root.tagName !== 'testsuites') return [`root is <${root?.tagName}>, not <testsuites>`];
  for (const a of ['tests', 'failures', 'errors']) if (root.hasAttribute(a) && !INT.test(root.getAttribute(a)!)) problems.push(`testsuites@${a} is not an integer`);
  for (const suite of children(root)) {
    if (suite.tagName !== 'testsuite') {
      problems.push(`<testsuites> holds <${suite.tagName}>`);
      continue;
    }
    const name = suite.getAttribute('name');
    if (!name) problems.push('a testsuite has no name');
    for (const a of ['tests', 'failures', 'errors', 'skipped']) if (!INT.test(suite.getAttribute(a) ?? '')) problems.push(`testsuite ${name}@${a} missing or not an integer`);
    if (!DECIMAL.test(suite.getAttribute('time') ?? '')) problems.push(`testsuite ${name}@time is not a decimal`);
    if (suite.hasAttribute('timestamp') && !TIMESTAMP.test(suite.getAttribute('timestamp')!)) problems.push(`testsuite ${name}@timestamp is not an xs:dateTime without zone`);
    const cases = children(suite).filter((c) => c.tagName === 'testcase');
    for (const other of children(suite)) if (!['testcase', 'properties', 'system-out', 'system-err'].includes(other.tagName)) problems.push(`testsuite ${name} holds <${other.tagName}>`);
    const count = { failure: 0, error: 0, skipped: 0 };
    for (const tc of cases) {
      for (const a of ['name', 'classname']) if (!tc.getAttribute(a)) problems.push(`a testcase in ${name} has no ${a}`);
      if (!DECIMAL.test(tc.getAttribute('time') ?? '')) problems.push(`testcase ${tc.getAttribute('name')}@time is not a decimal`);
      const kinds = children(tc).map((c) => c.tagName);
      for (const k of kinds) if (!['failure', 'error', 'skipped', 'system-out', 'system-err'].includes(k)) problems.push(`testcase holds <${k}>`);
      const results = kinds.filter((k) => k === 'failure' || k === 'error' || k === 'skipped');
      if (results.length > 1) problems.push(`testcase ${tc.getAttribute('name')} has ${results.join(' and ')}`);
      for (const r of children(tc)) {
        if (r.tagName in count) count[r.tagName as keyof typeof count]++;
        if ((r.tagName === 'failure' || r.tagName === 'error') && (!r.hasAttribute('message') || !r.hasAttribute('type'))) problems.push(`<${r.tagName}> without message or type`);
      }
    }
    if (Number(suite.getAttribute('tests')) !== cases.length) problems.push(`testsuite ${name}@tests is ${suite.getAttribute('tests')}, it holds ${cases.length}`);
    if (Number(suite.getAttribute('failures')) !== count.failure) problems.push(`testsuite ${name}@failures does not match`);
    if (Number(suite.getAttribute('errors')) !== count.error) problems.push(`testsuite ${name}@errors does not match`);
    if (Number(suite.getAttribute('skipped')) !== count.skipped) problems.push(`testsuite ${name}@skipped does not match`);
  }
  return problems;
}

export { DOMParser };
