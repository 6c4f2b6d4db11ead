/**
 * Lab bundles over real HTTP between two sandboxes (two data folders): what one exports, the other
 * imports after a confirmation, ending with the same directory, fault rules and settings, while
 * keeping its own credentials; no secret of the exporter is in the file, traffic or not; a corrupt
 * or newer bundle is refused with a 400 naming the problem, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializeSnapshot } from '../../server/snapshots/snapshot-format.js';
import { captureDirectory } from '../../server/snapshots/restore.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const withoutSecrets = (t: TestSandbox) => {
  const { users, groups } = captureDirectory(t.sandbox.store);
  return serializeSnapshot({ users, groups, secrets: {} });
};
/** Everything an import may change, to prove a refused one changed nothing. */
const state = async (t: TestSandbox) => ({
  directory: serializeSnapshot(captureDirectory(t.sandbox.store)),
  faults: (await t.admin('GET', '/api/faults')).body,
  settings: (await t.admin('GET', '/api/settings')).body,
  credentials: (await t.admin('GET', '/api/settings/credentials')).body,
});

describe('lab bundles', () => {
  let trainer: TestSandbox;
  let trainee: TestSandbox;
  let secrets: string[];
  beforeAll(async () => {
    trainer = await startSandbox();
    trainee = await startSandbox({ seed: 'empty' });
    // The trainer's lab: the messy dataset, a user with a password, fault rules, non-default settings with every secret set.
    await trainer.admin('POST', '/api/store/reset', { body: { dataset: 'messy' } });
    // The two SCIM requests below, once recorded, are the traffic the HAR carries.
    const recorded = nextExchanges(trainer.sandbox, 2);
    expect((await trainer.scim('POST', '/Users', { body: { schemas: [USER], userName: 'pw@example.com', password: 'Tr41ner-Passw0rd!' } })).status).toBe(201);
    expect((await trainer.admin('POST', '/api/faults/presets/okta-rate-limit')).status).toBe(201);
    expect((await trainer.admin('POST', '/api/faults', { body: { name: 'Slow lookups', match: { operations: ['user.lookup'] }, action: { type: 'latency', ms: 300 } } })).status).toBe(201);
    const put = await trainer.admin('PUT', '/api/settings', {
      body: {
        auth: { mode: 'basic', basic: { username: 'lab-okta', password: 'Basic-Secret-123' }, oauth: { accessTokenTtlSeconds: 120 } },
        quirks: { duplicateAs400: true },
        patchReturnsResource: false,
        tunnel: { ngrokAuthtoken: 'ngrok-secret-token-xyz' },
        upstream: { token: 'upstream-secret-token-abc', headerName: 'X-Api-Key', auth: 'header' },
      },
    });
    expect(put.status).toBe(200);
    const s = trainer.sandbox.settings;
    const hash = trainer.sandbox.store.secretOf(trainer.sandbox.store.idForUniqueName('User', 'pw@example.com')!)!.passwordHash;
    secrets = [s.current.auth.token, s.current.auth.basic.password, s.current.auth.oauth.clientSecret, s.current.auth.oauth.clientId, s.adminToken, s.current.tunnel.ngrokAuthtoken!, s.current.upstream.token!, hash, 'Tr41ner-Passw0rd!'];
    // Traffic that carried the SCIM token and a password, for the HAR.
    await trainer.scim('GET', '/Users?count=1', { headers: { Authorization: `Basic ${Buffer.from(`lab-okta:${s.current.auth.basic.password}`).toString('base64')}` } });
    await recorded;
  });
  afterAll(async () => {
    await trainer.close();
    await trainee.close();
  });

  it('exports one file without any secret, with or without traffic', async () => {
    for (const query of ['', '?traffic=1']) {
      const res = await trainer.admin('GET', `/api/bundle${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="scimscope-lab-.*\.json"$/);
      expect(res.body).toMatchObject({ format: 'scimscope-lab', version: 1, directory: { secrets: {} }, faults: { rules: [expect.anything(), expect.anything()] } });
      expect(res.body.traffic === null).toBe(query === '');
      if (query) expect(res.body.traffic.log.entries.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(res.text.includes(secret), `the bundle${query} holds a secret`).toBe(false);
      expect(res.text).not.toMatch(/"(token|password|clientSecret|ngrokAuthtoken|passwordHash)"\s*:/);
    }
  });

  it('asks for a confirmation, saying what would be replaced, and changes nothing without it', async () => {
    const bundle = (await trainer.admin('GET', '/api/bundle')).body;
    const before = await state(trainee);
    const res = await trainee.admin('POST', '/api/bundle/import', { body: { bundle } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'confirm_required', message: expect.stringContaining('"confirm": true') });
    expect(res.body.error.details).toMatchObject({ bundle: { users: 36, groups: 20, faultRules: 2 }, replaces: { users: 0, groups: 0, faultRules: 0, settings: expect.arrayContaining(['auth', 'quirks']) } });
    expect(await state(trainee)).toEqual(before);
  });

  it('imports over another sandbox: same directory, rules and settings, its own credentials kept', async () => {
    const text = (await trainer.admin('GET', '/api/bundle?traffic=1')).text;
    const own = (await trainee.admin('GET', '/api/settings/credentials')).body;
    // The file's text as a string, as the inspector sends what the file picker read.
    const res = await trainee.admin('POST', '/api/bundle/import', { body: { bundle: text, confirm: true } });
    expect(res.status).toBe(200);
    expect(withoutSecrets(trainee)).toBe(withoutSecrets(trainer));
    expect(Object.keys(captureDirectory(trainee.sandbox.store).secrets)).toEqual([]);
    const rules = (r: TestSandbox) => trainer.admin('GET', '/api/faults').then(() => r.admin('GET', '/api/faults')).then((x) => x.body.items.map(({ matched: _m, hits: _h, lastHitAt: _l, ...rule }: Record<string, unknown>) => rule));
    expect(await rules(trainee)).toEqual(await rules(trainer));
    const [mine, theirs] = [(await trainee.admin('GET', '/api/settings')).body, (await trainer.admin('GET', '/api/settings')).body];
    // Equal but for what a bundle leaves out: the tunnel, the OAuth client id, whether an upstream token is set.
    const portable = (s: any) => ({ ...s, tunnel: null, auth: { ...s.auth, oauth: { ...s.auth.oauth, clientId: null } }, upstream: { ...s.upstream, tokenSet: null } });
    expect(portable(mine)).toEqual(portable(theirs));
    const after = (await trainee.admin('GET', '/api/settings/credentials')).body;
    expect(after.token).toBe(own.token);
    expect(after.basic.password).toBe(own.basic.password);
    expect(after.basic.username).toBe('lab-okta');
    expect(trainee.sandbox.settings.current.tunnel.ngrokAuthtoken).toBeNull();
    expect(trainee.sandbox.settings.current.upstream.token).toBeNull();
    // The trainee's own Basic password opens SCIM (the lab uses Basic), and the lab's rate-limit rule answers at once.
    const scim = await trainee.scim('GET', '/Users?count=0', { headers: { Authorization: `Basic ${Buffer.from(`lab-okta:${own.basic.password}`).toString('base64')}` } });
    expect(scim.status).toBe(429);
    expect(scim.headers.get('retry-after')).toBe('120');
    // Shown in the timelines as an inspector import.
    const [first] = (await trainee.admin('GET', '/api/users')).body.items;
    expect((await trainee.admin('GET', `/api/users/${first.id}/history`)).body.items.at(-1)).toMatchObject({ source: 'inspector', action: 'bundle.import', kind: 'user.create' });
  });

  describe('refused bundles change nothing', () => {
    let good: any;
    beforeAll(async () => {
      good = (await trainer.admin('GET', '/api/bundle')).body;
    });
    const mutate = (fn: (b: any) => void) => (b: any) => {
      const copy = structuredClone(b);
      fn(copy);
      return copy;
    };
    const cases: [string, (b: any) => unknown, string, RegExp][] = [
      ['bad JSON text', (b) => JSON.stringify(b).slice(0, 100), 'bundle_invalid', /not valid JSON/],
      ['an array', () => [], 'bundle_invalid', /not a JSON object/],
      ['another format', mutate((b) => (b.format = 'har')), 'bundle_invalid', /"format" is "har", not "scimscope-lab"/],
      ['no version', mutate((b) => delete b.version), 'bundle_invalid', /"version" is missing/],
      ['a newer version', mutate((b) => ((b.version = 2), (b.scimscope = '9.0.0'))), 'bundle_too_new', /format version 2, made by a newer Scimscope \(Scimscope 9\.0\.0\); Scimscope \S+ reads lab bundles up to version 1/],
      ['a user without id', mutate((b) => delete b.directory.users[3].id), 'bundle_invalid', /directory\.users\.3\.id/],
      ['duplicate userNames', mutate((b) => (b.directory.users[1].userName = b.directory.users[0].userName)), 'bundle_invalid', /unique, ignoring case/],
      ['a group member that is no user or group of it', mutate((b) => (b.directory.groups[0].members = [{ value: 'no-such-user' }])), 'bundle_invalid', /groups\.0 .*Member "no-such-user" is not the id of any User or Group here/],
      ['a password hash', mutate((b) => (b.directory.secrets = { [b.directory.users[0].id]: { passwordHash: 'scrypt$1$a$b', updatedAt: 'x' } })), 'bundle_invalid', /no password hashes/],
      ['a bad fault rule', mutate((b) => (b.faults.rules[0].action = { type: 'explode' })), 'bundle_invalid', /faults\.rules\.0\.action/],
      ['a smuggled SCIM token', mutate((b) => (b.settings.auth.token = 'attacker-token')), 'bundle_invalid', /settings\.auth.*token/],
      ['a bad setting', mutate((b) => (b.settings.recording.retention = 5)), 'bundle_invalid', /settings\.recording\.retention/],
    ];
    it.each(cases)('refuses %s with a 400 naming the problem', async (_name, make, code, message) => {
      const before = await state(trainee);
      const res = await trainee.admin('POST', '/api/bundle/import', { body: { bundle: make(good), confirm: true } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(res.body.error.message).toContain('Nothing was changed');
      expect(await state(trainee)).toEqual(before);
    });

    it.each([['the fault rules', 'faults', 'replaceAll'], ['the settings', 'settings', 'update']] as const)('puts everything back when saving %s throws after the directory was replaced', async (_what, part, method) => {
      await trainee.admin('POST', '/api/store/reset', { body: { dataset: 'demo' } });
      const before = await state(trainee);
      const target = trainee.sandbox[part] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const real = target[method]!.bind(target);
      let calls = 0;
      // Only the import's own call throws; the putting back goes through.
      const spy = vi.spyOn(target, method).mockImplementation((...args) => (++calls === 1 ? Promise.reject(new Error(`injected: ${part} could not be saved`)) : real(...args)));
      try {
        const res = await trainee.admin('POST', '/api/bundle/import', { body: { bundle: good, confirm: true } });
        expect(res.status).toBe(500);
      } finally {
        spy.mockRestore();
      }
      expect(await state(trainee)).toEqual(before);
    });

    it('refuses an import without a bundle', async () => {
      const res = await trainee.admin('POST', '/api/bundle/import', { body: { confirm: true } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/bundle is required/);
    });
  });
});

describe('a bundle with traffic asked for while the exchange index loads', () => {
  it('takes its directory once the index is loaded: every user the traffic created is in it', async () => {
    const first = await startSandbox({ seed: 'empty' });
    const recorded = nextExchanges(first.sandbox, 2);
    for (const name of ['loaded.one', 'loaded.two']) expect((await first.scim('POST', '/Users', { body: { schemas: [USER], userName: `${name}@example.com` } })).status).toBe(201);
    await recorded;
    await first.stop();

    let open!: () => void;
    let held!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (held = resolve));
    const second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: async () => (held(), await opened) });
    await reached;
    // The export has started (it waits for the load) before the next user is created.
    let asked!: () => void;
    const waiting = new Promise<void>((resolve) => (asked = resolve));
    const whenLoaded = second.sandbox.exchanges.whenLoaded.bind(second.sandbox.exchanges);
    vi.spyOn(second.sandbox.exchanges, 'whenLoaded').mockImplementation(() => (asked(), whenLoaded()));
    const bundle = second.admin('GET', '/api/bundle?traffic=1');
    await waiting;
    const during = nextExchanges(second.sandbox, 1);
    expect((await second.scim('POST', '/Users', { body: { schemas: [USER], userName: 'during.load@example.com' } })).status).toBe(201);
    await during;
    open();

    const res = await bundle;
    expect(res.status).toBe(200);
    const posted = res.body.traffic.log.entries.filter((e: { request: { method: string } }) => e.request.method === 'POST').map((e: { request: { postData: { text: string } } }) => JSON.parse(e.request.postData.text).userName);
    expect(posted.sort()).toEqual(['during.load@example.com', 'loaded.one@example.com', 'loaded.two@example.com']);
    expect(res.body.directory.users.map((u: { userName: string }) => u.userName).sort()).toEqual(posted);
    await second.close();
    await first.close();
  });
});
