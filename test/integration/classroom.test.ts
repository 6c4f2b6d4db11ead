/**
 * Issue 13's "Done when", walked as a trainer would, over real processes and real HTTP: one headless
 * `scimscope serve`, 30 workspaces made with `scimscope workspaces create`, a "lab" snapshot saved in
 * the default workspace, emulated Okta runs provisioning into several workspaces at once (each sees
 * only its own users and traffic), a request paused on one workspace's live stream and answered with
 * an edited body, and the whole class reset to the lab in one `scimscope workspaces reset` (refused
 * whole, with nothing changed, when it names something unknown). Every wait is on an event or an
 * answer; the ceilings are generous for a loaded machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../server/idp/scenario-runner.js';
import { runCli, startCli, type CliProcess } from '../helpers/cli-process.js';
import { request, type HttpResult } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';
import { exchangesSeen, openSocket, USER_SCHEMA, type OpenSocket } from '../helpers/workspaces.js';

const CLASS = Array.from({ length: 30 }, (_, i) => `class-${String(i + 1).padStart(2, '0')}`);
const PLAYED = ['class-01', 'class-02', 'class-03', 'class-04'];
const CLI_MS = 120_000;

describe('a classroom on one headless Scimscope', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let cli: CliProcess;
  let origin: string;
  const tokens = new Map<string, string>();
  const sockets: OpenSocket[] = [];

  const admin = <T = any>(method: string, route: string, body?: unknown): Promise<HttpResult<T>> =>
    request<T>(`${cli.info.adminUrl}${route}`, { method, headers: { Authorization: `Bearer ${cli.info.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, ...(body === undefined ? {} : { body }) });
  const scim = <T = any>(name: string, method: string, route: string, body?: unknown): Promise<HttpResult<T>> =>
    request<T>(`${origin}/w/${name}/scim/v2${route}`, { method, headers: { Authorization: `Bearer ${tokens.get(name)}` }, ...(body === undefined ? {} : { body }) });
  const socketOf = async (name: string) => {
    const socket = await openSocket(`${cli.info.adminUrl.replace('http', 'ws')}/api/w/${name}/events?initial=0`, { Authorization: `Bearer ${cli.info.adminToken}` });
    sockets.push(socket);
    return socket;
  };
  /** A workspace's directory as a client compares it: users and groups by id, with their names and state. */
  const directoryOf = async (name: string) => {
    const prefix = name === 'default' ? '/api' : `/api/w/${name}`;
    const users = await admin(`GET`, `${prefix}/users?count=1000`);
    const groups = await admin(`GET`, `${prefix}/groups?count=1000`);
    expect([users.status, groups.status]).toEqual([200, 200]);
    return {
      users: users.body.items.map((u: any) => ({ id: u.id, userName: u.userName, active: u.active })),
      groups: groups.body.items.map((g: any) => ({ id: g.id, displayName: g.displayName, members: (g.members ?? []).map((m: any) => m.value).sort() })),
    };
  };
  const workspaces = (args: string[]) => runCli(['workspaces', ...args, '--data', temp.dir], {}, CLI_MS);

  beforeAll(async () => {
    temp = await tempDir();
    cli = await startCli(['--data', temp.dir]);
    origin = new URL(cli.info.scimUrl).origin;
  }, CLI_MS);

  afterAll(async () => {
    for (const socket of sockets) {
      socket.ws.close();
      await socket.closed;
    }
    if (cli) {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    await temp?.remove();
  }, CLI_MS);

  it('creates 30 workspaces, provisions each from its own IdP, pauses and edits an answer, and resets the class to the lab in one call', async () => {
    // The trainer creates the class in one command; every workspace has its own SCIM URL and token.
    const made = await workspaces(['create', '--prefix', 'class-', '--count', '30', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const created = JSON.parse(made.stdout).items as { name: string; token: string; scimUrl: string }[];
    expect(created.map((w) => w.name)).toEqual(CLASS);
    for (const w of created) {
      expect(w.scimUrl).toBe(`${origin}/w/${w.name}/scim/v2`);
      tokens.set(w.name, w.token);
    }
    expect(new Set(tokens.values()).size).toBe(30);

    // The lab: the demo company plus one trainer-made user, saved in the default workspace.
    const labUser = await request(`${cli.info.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${cli.info.token}` }, body: { schemas: [USER_SCHEMA], userName: 'lab.only@example.com', active: true } });
    expect(labUser.status).toBe(201);
    const saved = await admin('POST', '/api/snapshots', { name: 'lab' });
    expect(saved.status, saved.text).toBe(201);
    const lab = await directoryOf('default');
    expect(lab.users.map((u: any) => u.userName)).toContain('lab.only@example.com');

    // Four trainees' emulated Okta provision at once, each into its own workspace.
    const streams = await Promise.all(PLAYED.map(socketOf));
    const runs = PLAYED.map((name) => new ScenarioRun('joiner-mover-leaver', 'okta', { scimUrl: `${origin}/w/${name}/scim/v2`, authorization: `Bearer ${tokens.get(name)}` }, { timeoutMs: 60_000 }));
    const outcomes = await Promise.all(runs.map((run) => run.runAll()));
    const before = await Promise.all(PLAYED.map(directoryOf));
    const labNames = new Set(lab.users.map((u: any) => u.userName));
    const addedBy = before.map((d) => d.users.map((u: any) => u.userName).filter((n: string) => !labNames.has(n)));
    PLAYED.forEach((name, i) => {
      expect(outcomes[i]!.filter((o) => !o.ok).map((o) => `${name} ${o.name}: ${o.failures.join('; ')}`)).toEqual([]);
      expect(addedBy[i]!.length, name).toBeGreaterThan(0);
      // No workspace holds another's joiner, nor the lab's own user (it was made in default only).
      for (let j = 0; j < PLAYED.length; j++) if (j !== i) for (const n of addedBy[j]!) expect(addedBy[i]).not.toContain(n);
      expect(before[i]!.users.map((u: any) => u.userName)).not.toContain('lab.only@example.com');
    });
    // Each workspace's live stream carries exactly its own run's exchanges, all labelled as emulated Okta.
    await Promise.all(
      PLAYED.map(async (name, i) => {
        const ids = new Set(outcomes[i]!.map((o) => o.exchangeId));
        const stream = streams[i]!;
        await stream.next(() => exchangesSeen(stream).filter((e) => ids.has(e.id)).length === ids.size);
        const seen = exchangesSeen(stream);
        expect(seen.length, name).toBe(ids.size);
        expect(seen.every((e) => e.emulated === 'okta')).toBe(true);
        const listed = await admin('GET', `/api/w/${name}/exchanges`);
        expect(listed.body.items.map((e: any) => e.id).sort()).toEqual([...ids].sort());
      }),
    );
    expect((await admin('GET', '/api/w/class-05/exchanges')).body.items).toEqual([]);

    // The trainer pauses a read on class-02 after the store answered, edits the answer on the big screen, and lets it go.
    const [target] = before[1]!.users;
    const rule = await admin('POST', '/api/w/class-02/breakpoints', { name: 'Show the class', phase: 'after', match: { methods: ['GET'], path: `/Users/${target.id}` } });
    expect(rule.status, rule.text).toBe(201);
    const bystander = await socketOf('class-03');
    const answer = scim('class-02', 'GET', `/Users/${target.id}`);
    const paused = (await streams[1]!.next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'breakpoint:paused'))).events.find((e: any) => e.type === 'breakpoint:paused').paused;
    expect(paused).toMatchObject({ phase: 'after', method: 'GET', path: expect.stringContaining(`/Users/${target.id}`) });
    expect((await admin('GET', '/api/w/class-02/breakpoints/paused')).body.items.map((p: any) => p.id)).toEqual([paused.id]);
    expect((await admin('GET', '/api/w/class-03/breakpoints/paused')).body.items).toEqual([]);
    const edited = { schemas: [USER_SCHEMA], id: target.id, userName: 'edited.on.the.big.screen@example.com', active: false };
    const responded = await admin('POST', `/api/w/class-02/breakpoints/paused/${paused.id}/respond`, { status: 200, body: edited });
    expect(responded.status, responded.text).toBe(200);
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: target.id, userName: 'edited.on.the.big.screen@example.com', active: false });
    expect(bystander.messages.some((m) => m.type === 'batch' && m.events.some((e: any) => e.type.startsWith('breakpoint')))).toBe(false);
    expect((await admin('DELETE', `/api/w/class-02/breakpoints/${rule.body.id}`)).status).toBe(204);

    // A reset naming something unknown is refused whole: nothing changes anywhere.
    const unknownSource = await workspaces(['reset', '--from', 'no-such-lab', '--all']);
    expect(unknownSource.code).toBe(1);
    expect(unknownSource.stderr).toContain('"no-such-lab" is neither. Nothing was restored. (400)');
    const unknownWorkspace = await workspaces(['reset', '--from', 'lab', '--names', 'class-01,class-99']);
    expect(unknownWorkspace.code).toBe(1);
    expect(unknownWorkspace.stderr).toContain('No workspace "class-99" on this instance; nothing was restored. (404)');
    expect(await directoryOf('class-01')).toEqual(before[0]);
    const usage = await workspaces(['reset', '--all']);
    expect(usage.code).toBe(2);

    // One call resets everyone to the lab.
    const reset = await workspaces(['reset', '--from', 'lab', '--all', '--json']);
    expect(reset.code, reset.stderr).toBe(0);
    const result = JSON.parse(reset.stdout);
    expect(result).toMatchObject({ from: 'lab', total: 30 });
    expect(result.items.map((i: any) => [i.name, i.counts])).toEqual(CLASS.map((name) => [name, { users: lab.users.length, groups: lab.groups.length }]));
    for (const name of CLASS) expect(await directoryOf(name), name).toEqual(lab);
    // The default workspace (where the lab lives) was not among "everyone".
    expect(result.items.map((i: any) => i.name)).not.toContain('default');

    // Each workspace's timelines show the restore, naming the lab.
    const joiner = before[0]!.users.find((u: any) => u.userName === addedBy[0]![0])!;
    const timeline = await admin('GET', `/api/w/class-01/users/${joiner.id}/history`);
    expect(timeline.body.items.at(-1)).toMatchObject({ source: 'inspector', action: 'snapshot.restore', kind: 'user.delete', summary: expect.stringContaining('restored snapshot "lab"') });
    const text = await workspaces(['reset', '--from', 'empty', '--prefix', 'class-3']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Reset 1 workspace to empty:\nNAME +USERS +GROUPS\nclass-30 +0 +0$/m);
  }, 300_000);
});
