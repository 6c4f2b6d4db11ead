/**
 * Memory keeps each recorded exchange as a compact entry (server/recorder/compact-entry.ts) and
 * rebuilds its summary when asked. Over real HTTP: the summaries the admin API lists are the ones
 * written to the index, unchanged by the round trip through the compact form, live and after a
 * restart, with the rare fields (fault, replay) and awkward text (non-ASCII, newlines, characters
 * that mean something in a regular expression); the quick search stays case-insensitive and literal.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { compactEntry, locationOf, summaryOf } from '../../server/recorder/compact-entry.js';
import { INDEX_FILE } from '../../server/recorder/exchange-file.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

async function record(t: TestSandbox, count: number, send: () => Promise<unknown>): Promise<void> {
  const recorded = nextExchanges(t.sandbox, count);
  await send();
  await recorded;
}

const indexSummaries = async (dir: string): Promise<ExchangeSummary[]> =>
  (await readFile(path.join(dir, INDEX_FILE), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { summary: ExchangeSummary }).summary)
    .reverse();

describe('summaries kept compactly', () => {
  it('are listed exactly as recorded, live and after a restart, and searched case-insensitively and literally', async () => {
    const first = await startSandbox({ seed: 'empty' });
    let zoe = { body: { id: '' } };
    await record(first, 1, async () => (zoe = await first.scim('POST', '/Users', { body: { schemas: [USER], userName: 'zoë.łukasz@example.com', displayName: 'Zoë Łukasz' } })));
    await record(first, 1, () => first.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "a.b+c(d)*[e]@example.com"\nx')}`));
    await record(first, 1, () => first.scim('GET', `/Users/${zoe.body.id}`));
    await first.admin('POST', '/api/faults', { body: { name: 'broken', action: { type: 'error', status: 502 } } });
    await record(first, 1, () => first.scim('GET', '/Users?count=1'));
    const faulted = (await first.admin('GET', '/api/exchanges?limit=1')).body.items[0] as ExchangeSummary;
    expect(faulted.fault).toMatchObject({ name: 'broken' });
    await record(first, 1, () => first.admin('POST', `/api/exchanges/${faulted.id}/replay`));

    const live = (await first.admin('GET', '/api/exchanges?limit=100')).body.items as ExchangeSummary[];
    expect(live.length).toBeGreaterThanOrEqual(5);
    expect(live.some((s) => s.replayOf === faulted.id)).toBe(true);
    // Same fields in the same order as the index holds (what was recorded).
    expect(JSON.stringify(live)).toBe(JSON.stringify(await indexSummaries(first.dataDir)));
    const one = await first.admin('GET', `/api/exchanges/${faulted.id}`);
    expect(one.body.fault).toEqual(faulted.fault);
    await first.stop();

    const second = await startSandbox({ dataDir: first.dataDir });
    expect(JSON.stringify((await second.admin('GET', '/api/exchanges?limit=100')).body.items)).toBe(JSON.stringify(live));
    const table: [string, (s: ExchangeSummary) => boolean][] = [
      ['ZOË.ŁUKASZ', (s) => s.operation.resourceId === zoe.body.id || s.method === 'POST'],
      ['a.b+c(d)*[e]', (s) => s.query.includes('a.b+c(d)*[e]')],
      ['eq "A.B+C', (s) => s.query.includes('a.b+c(d)*[e]')],
      ['.*', () => false],
      ['[e]@example.com"\nx', (s) => s.query.includes('a.b+c(d)*[e]')],
      ['/SCIM/V2/USERS', () => true],
    ];
    for (const [needle, expected] of table) {
      const { body } = await second.admin('GET', `/api/exchanges?limit=100&search=${encodeURIComponent(needle)}`);
      const want = live.filter((s) => s.path.startsWith('/scim/v2/') && expected(s)).map((s) => s.id);
      expect({ needle, ids: (body.items as ExchangeSummary[]).map((s) => s.id) }).toEqual({ needle, ids: want });
    }
    await second.close();
  });
});

describe('the compact entry', () => {
  const base: ExchangeSummary = {
    id: 'mx1',
    seq: 7,
    startedAt: '2026-12-04T15:53:18.832Z',
    durationMs: 13.5,
    client: 'okta',
    method: 'GET',
    path: '/scim/v2/Users',
    query: 'filter=userName eq "x"',
    status: 200,
    outcome: 'completed',
    operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: 'Okta looked up x' },
    changeCount: 0,
    fault: null,
    lintCount: 0,
    lintLevel: null,
    retryOf: null,
    replayOf: null,
  };
  // Generation 0 is the previous file, a real location; a record the disk refused has none.
  it('keeps the location, including generation 0, and none for a record kept in memory', () => {
    expect(locationOf(compactEntry({ summary: base, identifiers: '', changeIds: [] }, { gen: 0, offset: 5, length: 9 }))).toEqual({ gen: 0, offset: 5, length: 9 });
    expect(compactEntry({ summary: base, identifiers: '', changeIds: [] }, null, '{"id":"mx1"}')).toMatchObject({ line: '{"id":"mx1"}' });
    expect(locationOf(compactEntry({ summary: base, identifiers: '', changeIds: [] }, null, '{}'))).toBeNull();
  });
  const cases: [string, ExchangeSummary][] = [
    ['a lookup', base],
    ['a time not in canonical form', { ...base, startedAt: '2026-12-04T15:53:18Z' }],
    ['an empty query and a resource id', { ...base, query: '', operation: { ...base.operation, kind: 'user.read', resourceId: 'u-1', summary: 'read' } }],
    ['no resource type, newlines in the text', { ...base, path: '/x\ny', query: 'a\nb', operation: { kind: 'unknown', resourceType: null, resourceId: '', summary: 'line\nline' } }],
    ['rare fields', { ...base, fault: { ruleId: 'r', name: 'n', action: 'error' }, retryOf: { exchangeId: 'e', delayMs: 3, attempt: 2 }, replayOf: 'mx0', emulated: 'okta', breakpoint: { ruleId: 'b', name: 'bp', phase: 'before', resolution: 'continued', pausedMs: 5 } }],
    ['a lint level', { ...base, lintCount: 2, lintLevel: 'warning', status: 0, outcome: 'aborted' } as ExchangeSummary],
  ];
  it.each(cases)('rebuilds %s exactly', (_, summary) => {
    expect(JSON.stringify(summaryOf(compactEntry({ summary, identifiers: 'id-1\nname', changeIds: [] }, { gen: 1, offset: 0, length: 1 })))).toBe(JSON.stringify(summary));
  });
});
