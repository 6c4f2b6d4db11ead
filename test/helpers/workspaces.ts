/**
 * Helpers for workspace tests: create workspaces through the admin API, talk SCIM to one with a
 * given token, wait for a workspace's recorded exchanges by event, and open a workspace's live
 * event stream. Everything goes over real HTTP to a real sandbox (test/helpers/sandbox.ts).
 */
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import type { CreatedWorkspace } from '../../server/contract/workspaces.js';
import type { EventBus } from '../../server/events/event-bus.js';
import { request, type HttpResult } from './http.js';
import type { TestSandbox } from './sandbox.js';
import { openSocket, type OpenSocket } from './event-socket.js';

export { openSocket, type OpenSocket };

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

export async function createWorkspace(t: TestSandbox, name: string, from?: string): Promise<CreatedWorkspace> {
  const res = await t.admin<CreatedWorkspace>('POST', '/api/workspaces', { body: { name, ...(from ? { from } : {}) }, headers: { 'Content-Type': 'application/json' } });
  if (res.status !== 201) throw new Error(`creating ${name}: ${res.status} ${res.text}`);
  return res.body;
}

/** The SCIM base URL of a workspace ('default' → /scim/v2). */
export function scimBase(t: TestSandbox, name: string): string {
  const origin = new URL(t.addresses.scimUrl).origin;
  return name === 'default' ? `${origin}/scim/v2` : `${origin}/w/${name}/scim/v2`;
}

export function scimAs<T = any>(t: TestSandbox, name: string, token: string, method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
  return request<T>(`${scimBase(t, name)}${path}`, { method, headers: { Authorization: `Bearer ${token}` }, ...(body !== undefined ? { body } : {}) });
}

export function adminJson<T = any>(t: TestSandbox, method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
  return t.admin<T>(method, path, body === undefined ? {} : { body, headers: { 'Content-Type': 'application/json' } });
}

/** Resolves with the next `count` exchanges recorded on a workspace's bus. */
export function recordedOn(bus: EventBus, count: number, timeoutMs = 25_000): Promise<ExchangeSummary[]> {
  return new Promise((resolve, reject) => {
    const seen: ExchangeSummary[] = [];
    const timer = setTimeout(() => {
      bus.off('exchange:recorded', on);
      reject(new Error(`only ${seen.length} of ${count} exchanges were recorded`));
    }, timeoutMs);
    const on = (summary: ExchangeSummary) => {
      seen.push(summary);
      if (seen.length === count) {
        clearTimeout(timer);
        bus.off('exchange:recorded', on);
        resolve(seen);
      }
    };
    bus.on('exchange:recorded', on);
  });
}

export function exchangesSeen(socket: OpenSocket): ExchangeSummary[] {
  return socket.messages.flatMap((m) => (m.type === 'hello' ? m.exchanges : m.type === 'batch' ? m.events.filter((e: any) => e.type === 'exchange').map((e: any) => e.exchange) : []));
}
