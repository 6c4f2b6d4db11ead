/**
 * A timeline is in commit order, over real HTTP, although a SCIM change's labels come from the
 * recording worker after the response (the hand-off is batched): a SCIM PATCH whose answer a
 * breakpoint holds, then an inspector edit of the same group, lists the SCIM change first, each
 * entry's before is the previous entry's after, the SCIM entry shows a draft while it waits and its
 * exchange's labels once recorded, and a restart keeps the order. The same without a breakpoint:
 * a SCIM PATCH answered, then at once an inspector edit.
 */
import { describe, expect, it } from 'vitest';
import type { PausedExchange } from '../../server/contract/breakpoints.js';
import type { Sandbox } from '../../server/sandbox.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { adminJson } from '../helpers/workspaces.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Entry {
  seq: number;
  source: string;
  kind: string;
  summary: string;
  exchangeId: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

const rename = (displayName: string) => ({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: displayName }] });

async function timeline(t: TestSandbox, id: string, query = ''): Promise<Entry[]> {
  const res = await t.admin('GET', `/api/groups/${id}/history${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

function nextPaused(sandbox: Sandbox): Promise<PausedExchange> {
  return new Promise((resolve) => sandbox.bus.once('breakpoint:paused', resolve));
}

async function scimGroup(t: TestSandbox, displayName: string): Promise<string> {
  const recorded = nextExchanges(t.sandbox, 1);
  const made = await t.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName } });
  expect(made.status, made.text).toBe(201);
  await recorded;
  return made.body.id;
}

/** Each entry's before is the previous entry's after (the same version), and seqs increase. */
function expectChained(entries: Entry[]): void {
  for (let i = 1; i < entries.length; i++) {
    expect(entries[i]!.seq).toBeGreaterThan(entries[i - 1]!.seq);
    expect(entries[i]!.before?.meta?.version).toBe(entries[i - 1]!.after?.meta?.version);
    expect(entries[i]!.before?.displayName).toBe(entries[i - 1]!.after?.displayName);
  }
}

describe('history order', () => {
  it('lists a SCIM change held by a breakpoint before the inspector edit that came after its commit, and keeps that order after a restart', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const id = await scimGroup(t, 'Sales');
    const rule = await t.admin('POST', '/api/breakpoints', { body: { name: 'hold group patches', phase: 'after', match: { methods: ['PATCH'], path: '/Groups/*' } } });
    expect(rule.status, rule.text).toBe(201);
    const paused = nextPaused(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const answer = t.scim('PATCH', `/Groups/${id}`, { body: rename('Sales (Okta)') });
    const p = await paused;
    // Committed, its answer held: the timeline already shows the change, as a draft.
    const waiting = await timeline(t, id);
    expect(waiting.map((e) => [e.source, e.after?.displayName])).toEqual([
      ['scim', 'Sales'],
      ['scim', 'Sales (Okta)'],
    ]);
    expect(waiting[1]).toMatchObject({ kind: 'group.rename', summary: 'A SCIM client renamed Sales to Sales (Okta)' });
    expect((await adminJson(t, 'PATCH', `/api/groups/${id}`, { displayName: 'Sales (inspector)' })).status).toBe(200);
    expect((await t.admin('POST', `/api/breakpoints/paused/${p.id}/continue`)).status).toBe(200);
    expect((await answer).status).toBe(200);
    const [exchange] = await recorded;

    const entries = await timeline(t, id);
    expect(entries.map((e) => [e.source, e.after?.displayName])).toEqual([
      ['scim', 'Sales'],
      ['scim', 'Sales (Okta)'],
      ['inspector', 'Sales (inspector)'],
    ]);
    expectChained(entries);
    // Labelled with its exchange now.
    expect(entries[1]).toMatchObject({ exchangeId: exchange!.id, kind: exchange!.operation.kind, summary: exchange!.operation.summary });
    // Newest first when paged: the inspector's edit is the latest activity.
    expect((await timeline(t, id, '?count=1'))[0]).toEqual(entries[2]);
    expect(await timeline(t, id, `?before=${entries[2]!.seq}`)).toEqual([entries[1], entries[0]]);
    await t.stop();

    // The SCIM line was written after the inspector's; its seq keeps its place.
    const again = await startSandbox({ dataDir: t.dataDir });
    expect(await timeline(again, id)).toEqual(entries);
    await again.close();
    await t.close();
  });

  it('lists a SCIM PATCH before an inspector edit made as soon as it was answered', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const id = await scimGroup(t, 'Support');
    const recorded = nextExchanges(t.sandbox, 1);
    expect((await t.scim('PATCH', `/Groups/${id}`, { body: rename('Support (Okta)') })).status).toBe(200);
    expect((await adminJson(t, 'PATCH', `/api/groups/${id}`, { displayName: 'Support (inspector)' })).status).toBe(200);
    await recorded;
    const entries = await timeline(t, id);
    expect(entries.map((e) => [e.source, e.after?.displayName])).toEqual([
      ['scim', 'Support'],
      ['scim', 'Support (Okta)'],
      ['inspector', 'Support (inspector)'],
    ]);
    expectChained(entries);
    await t.close();
  });
});
