/**
 * A scenario run against a target that would keep it going for ever: deleting the run stops it (the
 * request in flight is cut, the pending Run answers with what was played, the target hears nothing
 * more), and a paged import stops by itself, with a failure saying why, when the target's answers
 * cannot end (an empty page before the total, the same startIndex answered again).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

type Mode = 'endless' | 'empty-page' | 'ignores-startIndex';

/** A SCIM list endpoint that says there are a billion users, answering each mode's way. */
function endlessTarget() {
  const state = { mode: 'endless' as Mode, hits: 0, onHit: (_n: number) => {} };
  const server = http.createServer((req, res) => {
    state.hits++;
    state.onHit(state.hits);
    const url = new URL(req.url!, 'http://x');
    const asked = Number(url.searchParams.get('startIndex') ?? 1);
    const groups = url.pathname.endsWith('/Groups');
    const page = groups
      ? { totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] }
      : {
          totalResults: 1_000_000_000,
          itemsPerPage: 1,
          startIndex: state.mode === 'ignores-startIndex' ? 1 : asked,
          Resources: state.mode === 'empty-page' && asked > 2 ? [] : [{ id: `u${asked}`, userName: `u${asked}@example.com` }],
        };
    res.writeHead(200, { 'Content-Type': 'application/scim+json' });
    res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], ...page }));
  });
  return { server, state };
}

describe('scenario runs that would not end', () => {
  let t: TestSandbox;
  const { server, state } = endlessTarget();
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
    t = await startSandbox();
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const createImport = async () => {
    const created = await t.admin('POST', '/api/scenario-runs', { body: { scenario: 'import', profile: 'okta', target: { url, auth: 'none' } } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('stops a deleted run: the pending Run answers, and the target hears nothing more', async () => {
    state.mode = 'endless';
    state.hits = 0;
    const id = await createImport();
    const fifth = new Promise<void>((resolve) => (state.onHit = (n) => n >= 5 && resolve()));
    const running = t.admin('POST', `/api/scenario-runs/${id}/run`);
    await fifth;
    expect((await t.admin('DELETE', `/api/scenario-runs/${id}`)).status).toBe(204);
    const answered = await running;
    expect(answered.status).toBe(200);
    expect(answered.body.done).toBe(true);
    expect(answered.body.outcomes.length).toBeGreaterThanOrEqual(4);
    const hitsWhenAnswered = state.hits;
    // The run's loop has ended; one more round trip to the sandbox, and the target heard nothing since.
    expect((await t.admin('GET', `/api/scenario-runs/${id}`)).status).toBe(404);
    expect(state.hits).toBe(hitsWhenAnswered);
  });

  it.each([
    ['empty-page', /page at startIndex 3 holds no Resources while totalResults says 1000000000: Scimscope stops paging/, 3],
    ['ignores-startIndex', /asked for startIndex 2, the answer is again for startIndex 1: Scimscope stops paging/, 2],
  ] as const)('stops a paged import whose target %s, and says why', async (mode, reason, userPages) => {
    state.mode = mode;
    const id = await createImport();
    const done = await t.admin('POST', `/api/scenario-runs/${id}/run`);
    expect(done.body).toMatchObject({ done: true, passed: false });
    const users = done.body.outcomes.filter((o: { kind: string }) => o.kind === 'user.import');
    expect(users).toHaveLength(userPages);
    expect(users.at(-1).failures).toEqual([expect.stringMatching(reason)]);
    // The groups are still imported after the users' paging stopped.
    expect(done.body.outcomes.at(-1)).toMatchObject({ kind: 'group.import', ok: true });
  });
});
