/**
 * `scimscope workspaces`: a trainer's one command for a classroom. It talks to the running
 * `scimscope serve` of the data folder (found through server.json, running-server.ts) over its admin
 * API, so it works while the server runs and changes nothing on disk itself. Creating prints every
 * new workspace's SCIM URL and token (or one JSON line with --json); `reset` puts a whole class back
 * to the lab snapshot in one call.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../config/data-paths.js';
import { SETTINGS_FILE } from '../config/settings-file.js';
import type { CreatedWorkspace, WorkspaceInfo, WorkspaceList, WorkspaceRestoreResult } from '../contract/workspaces.js';
import { findRunningServer } from './running-server.js';

export const WORKSPACES_USAGE = `Usage: scimscope workspaces <command> [options]

Manage the workspaces of a running "scimscope serve" (found through its data folder).

Commands:
  list                          List the workspaces with their SCIM URLs
  create NAME [NAME...]         Create workspaces with these names
  create --names a,b,c          The same, as one list
  create --prefix P --count N   Create P01 … PN (e.g. --prefix class- --count 30)
  rename OLD NEW                Rename a workspace (its SCIM URL changes, its token stays)
  delete NAME                   Delete a workspace and its folder
  reset --from SOURCE --all     Restore every named workspace from a snapshot of the default
                                workspace or a dataset (demo, large, messy, empty), in one call
  reset --from SOURCE --prefix P   … the workspaces whose names start with P
  reset --from SOURCE --names a,b  … these workspaces (default only when named)

Options:
  --from SOURCE       create: what new workspaces start with: demo (default), empty, an existing
                      workspace or a snapshot; reset: a snapshot or a dataset (required)
  --all               reset: every named workspace
  --data DIR          Data folder of the running server (default ${defaultDataDir()})
  --admin-url URL     The admin API, when not found through the data folder
  --admin-token T     The admin token (default: SCIMSCOPE_ADMIN_TOKEN, else the one in the data folder)
  --json              Print one JSON line (the admin API's answer)
  -h, --help          Show this help`;

class UsageError extends Error {}
type Out = (text: string) => void;

interface Target {
  adminUrl: string;
  adminToken: string;
}

async function findTarget(values: { data?: string; 'admin-url'?: string; 'admin-token'?: string }): Promise<Target> {
  const data = values.data ?? defaultDataDir();
  let adminUrl = values['admin-url'];
  if (!adminUrl) {
    const running = await findRunningServer(data);
    if (!running) throw new Error(`No running Scimscope found for the data folder ${data}. Start one with "scimscope serve${values.data ? ` --data ${values.data}` : ''}", or pass --admin-url.`);
    adminUrl = running.adminUrl;
  }
  let adminToken = values['admin-token'] ?? process.env.SCIMSCOPE_ADMIN_TOKEN;
  if (!adminToken) {
    // Read, never written: the running server owns settings.json.
    try {
      adminToken = (JSON.parse(await readFile(path.join(data, SETTINGS_FILE), 'utf8')) as { adminToken?: string }).adminToken;
    } catch {
      adminToken = undefined;
    }
    if (!adminToken) throw new Error(`No admin token: pass --admin-token or set SCIMSCOPE_ADMIN_TOKEN (none could be read from ${path.join(data, SETTINGS_FILE)}).`);
  }
  return { adminUrl: adminUrl.replace(/\/+$/, ''), adminToken };
}

async function call<T>(target: Target, method: string, route: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${target.adminUrl}${route}`, { method, headers: { Authorization: `Bearer ${target.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new Error(`Could not reach the admin API at ${target.adminUrl}: ${(error as Error).message}`);
  }
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`;
    throw new Error(`${message} (${res.status})`);
  }
  return parsed as T;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

const describeLoad = (w: WorkspaceInfo) => (w.error ? `error: ${w.error}` : w.loaded ? 'loaded' : 'idle');

export async function runWorkspacesCommand(argv: string[], out: Out = (t) => process.stdout.write(t), err: Out = (t) => process.stderr.write(t)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        names: { type: 'string' },
        prefix: { type: 'string' },
        count: { type: 'string' },
        all: { type: 'boolean', default: false },
        from: { type: 'string' },
        data: { type: 'string' },
        'admin-url': { type: 'string' },
        'admin-token': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    err(`scimscope workspaces: ${(error as Error).message}\n\n${WORKSPACES_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    (values.help ? out : err)(`${WORKSPACES_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    const request = requestFor(command, rest, values);
    const target = await findTarget(values);
    const answer = await call<unknown>(target, request.method, request.route, request.body);
    if (values.json) out(`${JSON.stringify(answer ?? { deleted: rest[0] })}\n`);
    else out(`${request.describe(answer)}\n`);
    return 0;
  } catch (error) {
    err(`scimscope workspaces: ${(error as Error).message}\n${error instanceof UsageError ? `\n${WORKSPACES_USAGE}\n` : ''}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

interface ApiRequest {
  method: string;
  route: string;
  body?: unknown;
  describe(answer: unknown): string;
}

function requestFor(command: string, rest: string[], values: { names?: string; prefix?: string; count?: string; from?: string; all?: boolean }): ApiRequest {
  const one = (what: string) => {
    if (rest.length !== 1) throw new UsageError(`"${command}" takes one workspace name (${what}).`);
    return encodeURIComponent(rest[0]!);
  };
  switch (command) {
    case 'list':
      return {
        method: 'GET',
        route: '/api/workspaces',
        describe: (a) => table([['NAME', 'STATE', 'SCIM URL'], ...(a as WorkspaceList).items.map((w) => [w.name, describeLoad(w), w.scimUrl ?? '-'])]),
      };
    case 'create': {
      const forms = [rest.length > 0, values.names !== undefined, values.prefix !== undefined || values.count !== undefined].filter(Boolean).length;
      if (forms !== 1) throw new UsageError('Name the workspaces one way: as arguments, with --names a,b,c, or with --prefix and --count.');
      let body: Record<string, unknown>;
      if (values.prefix !== undefined || values.count !== undefined) {
        if (values.prefix === undefined || values.count === undefined || !/^\d+$/.test(values.count)) throw new UsageError('--prefix and --count go together, e.g. --prefix class- --count 30.');
        body = { prefix: values.prefix, count: Number(values.count) };
      } else {
        body = { names: values.names !== undefined ? values.names.split(',').map((n) => n.trim()).filter(Boolean) : rest };
      }
      if (values.from !== undefined) body.from = values.from;
      return {
        method: 'POST',
        route: '/api/workspaces',
        body,
        describe: (a) => {
          const { items, warnings = [] } = a as { items: CreatedWorkspace[]; warnings?: string[] };
          const created = `Created ${items.length} workspace${items.length === 1 ? '' : 's'}:\n${table([['NAME', 'SCIM URL', 'TOKEN'], ...items.map((w) => [w.name, w.scimUrl ?? '-', w.token])])}`;
          // What the copies lack that their source relied on (a proxy-mode copy has no upstream token).
          return warnings.length === 0 ? created : `${created}\n${warnings.map((w) => `Warning: ${w}`).join('\n')}`;
        },
      };
    }
    case 'rename':
      if (rest.length !== 2) throw new UsageError('"rename" takes the old name and the new one.');
      return { method: 'PATCH', route: `/api/workspaces/${encodeURIComponent(rest[0]!)}`, body: { name: rest[1] }, describe: (a) => `Renamed ${rest[0]} to ${(a as WorkspaceInfo).name}; its SCIM URL is now ${(a as WorkspaceInfo).scimUrl ?? '-'}` };
    case 'delete': {
      const name = one('the one to delete');
      return { method: 'DELETE', route: `/api/workspaces/${name}`, describe: () => `Deleted workspace ${rest[0]} and its folder.` };
    }
    case 'reset': {
      if (values.from === undefined) throw new UsageError('"reset" needs --from: a snapshot saved in the default workspace, or demo, large, messy or empty.');
      if (rest.length > 0 || values.count !== undefined) throw new UsageError('"reset" names its workspaces with --all, --prefix P or --names a,b.');
      const forms = [values.all === true, values.prefix !== undefined, values.names !== undefined].filter(Boolean).length;
      if (forms !== 1) throw new UsageError('Say which workspaces to reset one way: --all, --prefix P or --names a,b.');
      const body: Record<string, unknown> = { from: values.from };
      if (values.all) body.all = true;
      else if (values.prefix !== undefined) body.prefix = values.prefix;
      else body.names = values.names!.split(',').map((n) => n.trim()).filter(Boolean);
      return {
        method: 'POST',
        route: '/api/workspaces/restore',
        body,
        describe: (a) => {
          const { items, from } = a as WorkspaceRestoreResult;
          return `Reset ${items.length} workspace${items.length === 1 ? '' : 's'} to ${from}:\n${table([['NAME', 'USERS', 'GROUPS'], ...items.map((w) => [w.name, String(w.counts.users), String(w.counts.groups)])])}`;
        },
      };
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}
