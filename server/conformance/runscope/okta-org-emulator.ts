/**
 * An emulated Okta org for Okta's "SCIM 2.0 CRUD Test": that Runscope test drives an Okta org's
 * API (create a user, assign it to the SCIM app, update, deactivate, activate, unassign) and then
 * reads the SCIM app to see what Okta's provisioning did. This loopback server answers those API
 * calls and, like Okta's provisioning engine, provisions the SCIM target at once with the request
 * shapes recorded in server/idp/request-shapes.ts (look up by userName, POST, GET then PUT for a
 * profile change, PATCH active false/true), so the CRUD test runs with no Okta org.
 * Only the calls the CRUD test makes are answered. Anything else (e.g. the With-Entitlements CRUD
 * test's `POST /governance/api/v1/grants`, Okta Identity Governance's "Create a grant", which assigns
 * entitlements or entitlement bundles to a principal:
 * https://developer.okta.com/docs/api/iga/openapi/governance.api/tag/Grants) is not invented: it
 * answers 501 with NOT_EMULATED_HEADER naming the call, and the runner reports that step as skipped.
 * Sources: Okta-SCIM-20-CRUD-Test.json; docs/research/idp-request-shapes.md [O9].
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { OKTA_BODY_HEADERS, OKTA_GET_HEADERS, oktaCreateUserBody, SCHEMA } from '../../idp/request-shapes.js';
import { EMULATED_HEADER } from '../../recorder/exchange-assembly.js';
import type { ScimClient, ScimResponse } from '../scim-client.js';

interface OktaUser {
  id: string;
  status: 'ACTIVE' | 'DEPROVISIONED';
  profile: { firstName: string; lastName: string; email: string; login: string; [k: string]: unknown };
  /** The SCIM id once provisioned, and whether the app assignment is active. */
  scimId: string | null;
  assigned: boolean;
}

/** On the emulated org's answer to a call it does not emulate: the call ("POST /governance/api/v1/grants"). */
export const NOT_EMULATED_HEADER = 'x-scimscope-not-emulated';

/** The words a step gets when it called what the emulator does not emulate. */
export function notEmulatedMessage(call: string): string {
  return `The emulated Okta org does not emulate ${call}; run against a real Okta org to check this step.`;
}

export interface OktaOrgEmulator {
  url: string;
  appId: string;
  token: string;
  /** SCIM requests the emulated provisioning engine sent (for the report). */
  readonly scimRequests: number;
  close(): Promise<void>;
}

export async function startOktaOrgEmulator(scim: ScimClient): Promise<OktaOrgEmulator> {
  const appId = `0oa${randomBytes(8).toString('hex')}`;
  const token = randomBytes(20).toString('base64url');
  const users = new Map<string, OktaUser>();
  let scimRequests = 0;

  const headers = (template: Record<string, string>) => {
    const out: Record<string, string> = { [EMULATED_HEADER]: 'okta' };
    for (const [k, v] of Object.entries(template)) out[k] = v === '{{auth}}' ? scim.authorization : v;
    return out;
  };
  const send = (method: string, path: string, body?: unknown): Promise<ScimResponse> => {
    scimRequests++;
    const h = headers(body === undefined ? OKTA_GET_HEADERS : OKTA_BODY_HEADERS);
    return scim.send(method, path, { headers: h, authorization: h.Authorization ?? null, ...(body !== undefined ? { rawBody: JSON.stringify(body) } : {}) });
  };
  const setActive = (user: OktaUser, active: boolean) =>
    send('PATCH', `/Users/${encodeURIComponent(user.scimId!)}`, { schemas: [SCHEMA.patchOp], Operations: [{ op: 'replace', value: { active } }] });

  /** Assignment: look up by userName, create when absent, reactivate when present. */
  async function provision(user: OktaUser): Promise<string | null> {
    const filter = encodeURIComponent(`userName eq "${user.profile.login}"`);
    const found = await send('GET', `/Users?filter=${filter}&startIndex=1&count=100`);
    const existing = found.body?.Resources?.[0]?.id;
    if (typeof existing === 'string') {
      user.scimId = existing;
      await setActive(user, true);
      return null;
    }
    const created = await send('POST', '/Users', {
      ...oktaCreateUserBody,
      userName: user.profile.login,
      name: { givenName: user.profile.firstName, familyName: user.profile.lastName },
      emails: [{ primary: true, value: user.profile.email, type: 'work' }],
      displayName: `${user.profile.firstName} ${user.profile.lastName}`,
      externalId: user.id,
    });
    if (created.status !== 201 || typeof created.body?.id !== 'string') return `the SCIM server answered ${created.status} to Okta's create`;
    user.scimId = created.body.id;
    return null;
  }

  /** A profile change on an assigned user: GET, then PUT the whole user (Okta OIN apps). */
  async function pushProfile(user: OktaUser): Promise<void> {
    const path = `/Users/${encodeURIComponent(user.scimId!)}`;
    const current = await send('GET', path);
    await send('PUT', path, { ...current.body, schemas: [SCHEMA.user], id: user.scimId, userName: user.profile.login, name: { ...(current.body?.name ?? {}), givenName: user.profile.firstName, familyName: user.profile.lastName }, meta: undefined });
  }

  const server = http.createServer(async (req, res) => {
    const reply = (status: number, body?: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...extra });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.headers.authorization !== `SSWS ${token}`) return reply(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text.trim() === '' ? {} : JSON.parse(text);
      const path = new URL(req.url ?? '/', 'http://okta.local').pathname;
      const method = req.method ?? 'GET';
      let m: RegExpExecArray | null;
      if (method === 'GET' && path === `/api/v1/apps/${appId}`) return reply(200, { id: appId, name: 'scim2testapp', label: 'SCIM 2.0 Test App (emulated)', status: 'ACTIVE', features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'REACTIVATE_USERS'] });
      if (method === 'POST' && path === '/api/v1/users') {
        const user: OktaUser = { id: `00u${randomBytes(8).toString('hex')}`, status: 'ACTIVE', profile: body.profile, scimId: null, assigned: false };
        users.set(user.id, user);
        return reply(200, { id: user.id, status: user.status, profile: user.profile });
      }
      if (method === 'POST' && path === `/api/v1/apps/${appId}/users`) {
        const user = users.get(body.id);
        if (!user) return reply(404, { errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${body.id} (User)` });
        const problem = await provision(user);
        user.assigned = problem === null;
        return reply(problem ? 400 : 200, problem ? { errorCode: 'E0000001', errorSummary: `Provisioning failed: ${problem}` } : { id: user.id, scope: 'USER', status: 'PROVISIONED', syncState: 'SYNCHRONIZED', externalId: user.scimId, credentials: { userName: user.profile.login } });
      }
      if ((m = /^\/api\/v1\/users\/([^/]+)$/.exec(path)) && (method === 'PUT' || method === 'POST')) {
        const user = users.get(m[1]!);
        if (!user) return reply(404, { errorCode: 'E0000007' });
        user.profile = { ...user.profile, ...body.profile };
        if (user.assigned && user.scimId) await pushProfile(user);
        return reply(200, { id: user.id, status: user.status, profile: user.profile });
      }
      if ((m = /^\/api\/v1\/users\/([^/]+)\/lifecycle\/(deactivate|activate)$/.exec(path)) && method === 'POST') {
        const user = users.get(m[1]!);
        if (!user) return reply(404, { errorCode: 'E0000007' });
        if (m[2] === 'deactivate') {
          // Deactivating an Okta user deprovisions it from its apps: the SCIM user is deactivated and unassigned.
          if (user.assigned && user.scimId) await setActive(user, false);
          user.assigned = false;
          user.status = 'DEPROVISIONED';
        } else user.status = 'ACTIVE';
        return reply(200, {});
      }
      if ((m = new RegExp(`^/api/v1/apps/${appId}/users/([^/]+)$`).exec(path)) && method === 'DELETE') {
        const user = users.get(m[1]!);
        if (!user) return reply(404, { errorCode: 'E0000007' });
        if (user.assigned && user.scimId) await setActive(user, false);
        user.assigned = false;
        return reply(204);
      }
      const call = `${method} ${path}`;
      return reply(501, { errorCode: 'E0000022', errorSummary: notEmulatedMessage(call) }, { [NOT_EMULATED_HEADER]: call });
    } catch (error) {
      reply(500, { errorCode: 'E0000009', errorSummary: `Emulated Okta org: ${(error as Error).message}` });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    appId,
    token,
    get scimRequests() {
      return scimRequests;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
