/**
 * The admin API as typed functions. The only way the inspector talks to the server besides the live
 * socket; failures become ApiFailure with the server's code and message, for readable toasts.
 * Workspace-scoped calls go to `/api/w/<name>/...` for the workspace being shown (plain `/api/...`
 * for the default one); the instance's global endpoints (workspaces, tunnel, event tickets, the
 * OpenAPI description) are never prefixed.
 */
import type { BreakpointList, BreakpointRule, PausedExchange, Credentials, IdpProfileId, IdpProfileInfo, ScenarioInfo, ScenarioRunView, Exchange, ExchangeSummary, FaultPreset, FaultRule, HistoryPage, JsonObject, OAuthCredentials, PublicSettings, StatusReport as Status, TunnelState, UpstreamPage, DatasetInfo, DatasetName, ImportPreview, SnapshotInfo, CreatedWorkspace, CreationWarnings, WorkspaceInfo } from '../../server/contract/index.js';
import type { Connection } from './connection.js';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details`, when the server sent some (e.g. what a bundle import would replace). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface List<T> {
  items: T[];
  total: number;
}

/** The admin API's answers are typed in the shared contract, so server and inspector cannot drift. */
export type { DatasetInfo, DatasetName, ImportPreview, SnapshotInfo, Credentials, HistoryEntry, HistoryPage, TimelineEntry, OAuthCredentials, PublicSettings, StatusReport as Status, TunnelState, CreatedWorkspace, WorkspaceInfo } from '../../server/contract/index.js';

export interface ExchangeQuery {
  offset?: number;
  limit?: number;
  search?: string;
  method?: string[];
  status?: string[];
  kind?: string[];
  client?: string[];
  faulted?: boolean;
  linted?: boolean;
  /** Also match `search` in the full records, read from disk within `budgetMs` (never for HAR exports). */
  bodies?: boolean;
  budgetMs?: number;
  /** Only exchanges with a lower `seq` (continues a body search). */
  beforeSeq?: number;
}

/** How far a body search got (docs/admin-api.md): exchanges with `seq < searchedTo` were not read unless `complete`. */
export interface BodySearchProgress {
  complete: boolean;
  searchedTo: number | null;
  read: number;
}

/** What a quick search covers (docs/admin-api.md): the exchanges its other filters select, and the newest one's seq. */
export interface SearchCoverage {
  total: number;
  newestSeq: number | null;
}

export type ResourcePath = 'users' | 'groups';

/** Endpoints of the instance rather than of a workspace. */
const GLOBAL = /^\/api\/(workspaces(\/|$|\?)|tunnel(\/|$|\?)|events\/ticket$|openapi\.json$)/;

/** The path a call takes for a workspace: `/api/x` → `/api/w/<name>/x`, unless global or default. */
export function scopedPath(path: string, workspace: string): string {
  if (workspace === 'default' || !path.startsWith('/api/') || GLOBAL.test(path)) return path;
  return `/api/w/${encodeURIComponent(workspace)}${path.slice(4)}`;
}

function queryString(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) q.set(key, value.join(','));
    } else q.set(key, String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

export class AdminClient {
  /** `workspace` names the workspace being shown, read at each call (it follows the URL hash). */
  constructor(
    readonly connection: Connection,
    readonly workspace: () => string = () => 'default',
  ) {}

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.connection.adminUrl}${scopedPath(path, this.workspace())}`, {
        method,
        signal,
        headers: { Authorization: `Bearer ${this.connection.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      if (signal?.aborted) throw new ApiFailure(0, 'aborted', 'The request was cancelled.');
      throw new ApiFailure(0, 'unreachable', 'Scimscope is not answering. Is the server still running?');
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      throw new ApiFailure(res.status, error?.code ?? 'error', error?.message ?? `${method} ${path} failed with ${res.status}.`, error?.details);
    }
    return parsed as T;
  }

  status = () => this.call<Status>('GET', '/api/status');
  /** Newest first; `signal` cancels a search the user no longer wants. */
  exchanges = (q: ExchangeQuery = {}, signal?: AbortSignal) => this.call<List<ExchangeSummary> & { bodySearch?: BodySearchProgress; covered?: SearchCoverage }>('GET', `/api/exchanges${queryString({ ...q })}`, undefined, {}, signal);
  exchange = (id: string) => this.call<Exchange>('GET', `/api/exchanges/${encodeURIComponent(id)}`);
  curl = (id: string) => this.call<{ curl: string }>('GET', `/api/exchanges/${encodeURIComponent(id)}/curl`);
  /** Sends a recorded request again, optionally with its headers and body edited. */
  replay = (id: string, edit?: { headers?: Record<string, string>; body?: string | null }) => this.call<ExchangeSummary>('POST', `/api/exchanges/${encodeURIComponent(id)}/replay`, edit);
  clearExchanges = () => this.call<void>('DELETE', '/api/exchanges');
  harUrl = (q: ExchangeQuery = {}) => `/api/exchanges.har${queryString({ ...q })}`;
  /** Downloads the HAR text (the fetch needs the token, so a plain link cannot do it). */
  har = async (q: ExchangeQuery = {}) => JSON.stringify(await this.call<unknown>('GET', this.harUrl(q)), null, 2);

  resources = (type: ResourcePath, q: { filter?: string; startIndex?: number; count?: number; sortBy?: string; sortOrder?: string; attributes?: string; excludedAttributes?: string } = {}) =>
    this.call<List<JsonObject> & { startIndex: number }>('GET', `/api/${type}${queryString(q)}`);
  resource = (type: ResourcePath, id: string) => this.call<JsonObject>('GET', `/api/${type}/${encodeURIComponent(id)}`);
  createResource = (type: ResourcePath, body: unknown) => this.call<JsonObject>('POST', `/api/${type}`, body);
  /** With `ifMatch` (the version read, e.g. `W/"3"`), the server refuses the write (412) if the resource changed since. */
  replaceResource = (type: ResourcePath, id: string, body: unknown, ifMatch?: string) =>
    this.call<JsonObject>('PUT', `/api/${type}/${encodeURIComponent(id)}`, body, ifMatch ? { 'If-Match': ifMatch } : {});
  patchResource = (type: ResourcePath, id: string, body: unknown) => this.call<JsonObject>('PATCH', `/api/${type}/${encodeURIComponent(id)}`, body);
  deleteResource = (type: ResourcePath, id: string) => this.call<void>('DELETE', `/api/${type}/${encodeURIComponent(id)}`);
  /** The whole timeline oldest first, or with `page` its `count` newest entries below seq `before`, newest first. */
  history = (type: ResourcePath, id: string, page?: { count: number; before?: number }) => this.call<HistoryPage>('GET', `/api/${type}/${encodeURIComponent(id)}/history${queryString({ ...page })}`);
  generateUsers = (count: number) => this.call<{ created: number; ids: string[] }>('POST', '/api/users/generate', { count });

  scenarios = () => this.call<List<ScenarioInfo> & { profiles: IdpProfileInfo[] }>('GET', '/api/scenarios');
  startScenario = (input: { scenario: string; profile: IdpProfileId; speed?: number; target?: { url: string; auth: string; token?: string; username?: string; password?: string } }) =>
    this.call<ScenarioRunView>('POST', '/api/scenario-runs', input);
  stepScenario = (id: string) => this.call<ScenarioRunView>('POST', `/api/scenario-runs/${encodeURIComponent(id)}/step`);
  runScenario = (id: string) => this.call<ScenarioRunView>('POST', `/api/scenario-runs/${encodeURIComponent(id)}/run`);
  faults = () => this.call<List<FaultRule>>('GET', '/api/faults');
  presets = () => this.call<List<FaultPreset>>('GET', '/api/faults/presets');
  addPreset = (id: string) => this.call<FaultRule>('POST', `/api/faults/presets/${encodeURIComponent(id)}`);
  addFault = (rule: unknown) => this.call<FaultRule>('POST', '/api/faults', rule);
  replaceFault = (id: string, rule: unknown) => this.call<FaultRule>('PUT', `/api/faults/${encodeURIComponent(id)}`, rule);
  patchFault = (id: string, patch: unknown) => this.call<FaultRule>('PATCH', `/api/faults/${encodeURIComponent(id)}`, patch);
  deleteFault = (id: string) => this.call<void>('DELETE', `/api/faults/${encodeURIComponent(id)}`);
  reorderFaults = (ids: string[]) => this.call<List<FaultRule>>('POST', '/api/faults/reorder', { ids });
  resetFaultCounters = () => this.call<List<FaultRule>>('POST', '/api/faults/reset-counters');

  breakpoints = () => this.call<BreakpointList>('GET', '/api/breakpoints');
  addBreakpoint = (rule: unknown) => this.call<BreakpointRule>('POST', '/api/breakpoints', rule);
  replaceBreakpoint = (id: string, rule: unknown) => this.call<BreakpointRule>('PUT', `/api/breakpoints/${encodeURIComponent(id)}`, rule);
  deleteBreakpoint = (id: string) => this.call<void>('DELETE', `/api/breakpoints/${encodeURIComponent(id)}`);
  setBreakpointDefaultTimeout = (defaultTimeoutMs: number) => this.call<{ defaultTimeoutMs: number }>('PUT', '/api/breakpoints/settings', { defaultTimeoutMs });
  pausedExchanges = () => this.call<List<PausedExchange>>('GET', '/api/breakpoints/paused');
  /** Lets a paused exchange go on; `bodyText` (the editor's text) replaces the request body. */
  continuePaused = (id: string, request?: { bodyText?: string; headers?: Record<string, string | null> }) =>
    this.call<PausedExchange>('POST', `/api/breakpoints/paused/${encodeURIComponent(id)}/continue`, request ? { request } : {});
  respondPaused = (id: string, answer: { status: number; bodyText?: string; headers?: Record<string, string> }) => this.call<PausedExchange>('POST', `/api/breakpoints/paused/${encodeURIComponent(id)}/respond`, answer);
  dropPaused = (id: string) => this.call<PausedExchange>('POST', `/api/breakpoints/paused/${encodeURIComponent(id)}/drop`);

  settings = () => this.call<PublicSettings>('GET', '/api/settings');
  updateSettings = (patch: unknown) => this.call<PublicSettings>('PUT', '/api/settings', patch);
  credentials = () => this.call<Credentials>('GET', '/api/settings/credentials');
  regenerateToken = () => this.call<{ token: string }>('POST', '/api/settings/token/regenerate');
  oauthCredentials = () => this.call<OAuthCredentials>('GET', '/api/oauth/credentials');
  revokeAllOAuthTokens = () => this.call<{ revoked: number }>('POST', '/api/oauth/revoke-all');
  expireOAuthAccessTokens = () => this.call<{ expired: number }>('POST', '/api/oauth/expire-access-tokens');
  regenerateOAuthSecret = () => this.call<{ clientSecret: string }>('POST', '/api/oauth/client-secret/regenerate');
  /** A single-use ticket that opens the live event socket (so the token never goes in its URL). */
  eventTicket = () => this.call<{ ticket: string; expiresInMs: number }>('POST', '/api/events/ticket');
  /** Proxy mode: a page of the upstream's Users or Groups, read through SCIM by the server. */
  upstreamPage = (type: 'Users' | 'Groups', query: { filter?: string; startIndex?: number; count?: number } = {}) => {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();
    return this.call<UpstreamPage>('GET', `/api/upstream/${type}${q ? `?${q}` : ''}`);
  };
  tunnel = () => this.call<TunnelState>('GET', '/api/tunnel');
  /** Resolves with the tunnel's state, also when it failed to start (the state says why). */
  startTunnel = async (provider = 'ngrok'): Promise<TunnelState> => {
    try {
      return await this.call<TunnelState>('POST', '/api/tunnel/start', { provider });
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 502) return this.tunnel();
      throw error;
    }
  };
  stopTunnel = () => this.call<TunnelState>('POST', '/api/tunnel/stop');
  resetStore = (dataset: DatasetName) => this.call<{ counts: { users: number; groups: number } }>('POST', '/api/store/reset', { dataset });
  datasets = () => this.call<List<DatasetInfo>>('GET', '/api/datasets');
  snapshots = () => this.call<List<SnapshotInfo>>('GET', '/api/snapshots');
  saveSnapshot = (name: string, overwrite = false) => this.call<SnapshotInfo>('POST', '/api/snapshots', { name, ...(overwrite ? { overwrite } : {}) });
  restoreSnapshot = (name: string) => this.call<{ name: string; counts: { users: number; groups: number }; changed: number }>('POST', `/api/snapshots/${encodeURIComponent(name)}/restore`);
  deleteSnapshot = (name: string) => this.call<void>('DELETE', `/api/snapshots/${encodeURIComponent(name)}`);
  /** The lab bundle's file text (the fetch needs the token, so a plain link cannot do it). */
  exportBundle = async (traffic: boolean) => `${JSON.stringify(await this.call<unknown>('GET', `/api/bundle${traffic ? '?traffic=1' : ''}`), null, 2)}\n`;
  /** Without `confirm` the server changes nothing and fails with 409 `confirm_required`, its details an ImportPreview. */
  importBundle = (bundle: string, confirm: boolean) => this.call<{ imported: ImportPreview }>('POST', '/api/bundle/import', { bundle, ...(confirm ? { confirm } : {}) });
  workspaces = () => this.call<List<WorkspaceInfo>>('GET', '/api/workspaces');
  /** `from`: "demo", "empty", or the name of a workspace to duplicate. */
  createWorkspace = (name: string, from?: string) => this.call<CreatedWorkspace & CreationWarnings>('POST', '/api/workspaces', from ? { name, from } : { name });
  renameWorkspace = (name: string, to: string) => this.call<WorkspaceInfo>('PATCH', `/api/workspaces/${encodeURIComponent(name)}`, { name: to });
  deleteWorkspace = (name: string) => this.call<void>('DELETE', `/api/workspaces/${encodeURIComponent(name)}`);
}
