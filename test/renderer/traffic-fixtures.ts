/** Builders for Traffic view tests: exchange summaries and full exchanges with sensible defaults. */
import type { Exchange, ExchangeSummary } from '../../server/contract/index.js';

let seq = 0;

export function summary(over: Partial<ExchangeSummary> = {}): ExchangeSummary {
  seq++;
  return {
    id: `t${seq}`,
    seq,
    startedAt: new Date(2026, 0, 1, 9, 30, 0, seq).toISOString(),
    durationMs: 3,
    client: 'okta',
    method: 'GET',
    path: '/scim/v2/Users',
    query: '',
    status: 200,
    outcome: 'completed',
    operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: `Okta looked up user${seq}@example.com (found)` },
    changeCount: 0,
    fault: null,
    lintCount: 0,
    lintLevel: null,
    retryOf: null,
    replayOf: null,
    ...over,
  };
}

export function many(n: number, over: (i: number) => Partial<ExchangeSummary> = () => ({})): ExchangeSummary[] {
  return Array.from({ length: n }, (_, i) => summary(over(i)));
}

export function fullExchange(over: Partial<Exchange> = {}): Exchange {
  const s = summary();
  return {
    id: s.id,
    seq: s.seq,
    startedAt: s.startedAt,
    durationMs: 12,
    client: 'entra',
    request: {
      method: 'PATCH',
      path: '/scim/v2/Users/u-1',
      query: {},
      headers: { 'Content-Type': 'application/scim+json', Authorization: 'Bearer [redacted]' },
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
      bodySize: 120,
      bodyTruncated: false,
      remoteAddress: '127.0.0.1',
    },
    response: { status: 200, headers: { 'content-type': 'application/scim+json' }, body: { id: 'u-1', userName: 'mei.chen@example.com', active: false }, bodySize: 64, bodyTruncated: false },
    operation: { kind: 'user.deactivate', resourceType: 'User', resourceId: 'u-1', summary: 'Entra disabled mei.chen@example.com' },
    changes: [{ resourceType: 'User', id: 'u-1', before: { id: 'u-1', userName: 'mei.chen@example.com', active: true }, after: { id: 'u-1', userName: 'mei.chen@example.com', active: false } }],
    fault: null,
    lint: [{ code: 'patch.op.capitalized', level: 'warning', message: 'Capitalised PATCH op.' }],
    outcome: 'completed',
    retryOf: null,
    replayOf: null,
    ...over,
  };
}
