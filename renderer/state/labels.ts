/** Words and colours for what the inspector shows: lifecycle operations, clients, status classes. */
import type { ClientKind, OperationKind } from '../../server/contract/index.js';

export const CLIENT_NAMES: Record<ClientKind, string> = {
  okta: 'Okta',
  entra: 'Entra ID',
  onelogin: 'OneLogin',
  jumpcloud: 'JumpCloud',
  pingone: 'PingOne',
  google: 'Google',
  scimscope: 'Inspector',
  curl: 'curl',
  unknown: 'Unknown',
};

export const KIND_LABELS: Record<OperationKind, string> = {
  'connection.test': 'Connection test',
  'user.import': 'Import users',
  'user.lookup': 'Look up user',
  'user.read': 'Read user',
  'user.create': 'Create user',
  'user.update': 'Update user',
  'user.deactivate': 'Deactivate user',
  'user.reactivate': 'Reactivate user',
  'user.password': 'Sync password',
  'user.delete': 'Delete user',
  'group.import': 'Import groups',
  'group.lookup': 'Look up group',
  'group.read': 'Read group',
  'group.create': 'Push group',
  'group.rename': 'Rename group',
  'group.update': 'Update group',
  'group.members.add': 'Add members',
  'group.members.remove': 'Remove members',
  'group.members.replace': 'Replace members',
  'group.delete': 'Delete group',
  discovery: 'Discovery',
  'auth.failed': 'Auth failed',
  'oauth.authorize': 'OAuth authorize',
  'oauth.consent': 'OAuth consent',
  'oauth.token': 'OAuth token',
  'oauth.refresh': 'OAuth refresh',
  'oauth.denied': 'OAuth denied',
  'oauth.revoke': 'OAuth revoke',
  unknown: 'Other',
};

/** The families shown as filter chips. */
export const KIND_FAMILIES: { id: string; label: string }[] = [
  { id: 'connection.test', label: 'Connection test' },
  { id: 'user', label: 'Users' },
  { id: 'group', label: 'Groups' },
  { id: 'discovery', label: 'Discovery' },
  { id: 'auth.failed', label: 'Auth failed' },
  { id: 'oauth', label: 'OAuth' },
];

/** A tone for a lifecycle kind, used as the label's colour. */
export function kindTone(kind: string): 'create' | 'update' | 'deactivate' | 'delete' | 'read' | 'error' | 'neutral' {
  if (kind === 'auth.failed' || kind === 'oauth.denied') return 'error';
  if (kind === 'oauth.token' || kind === 'oauth.refresh' || kind === 'oauth.consent') return 'create';
  if (kind.endsWith('.create') || kind.endsWith('.reactivate') || kind.endsWith('members.add')) return 'create';
  if (kind.endsWith('.deactivate') || kind.endsWith('members.remove')) return 'deactivate';
  if (kind.endsWith('.delete')) return 'delete';
  if (/\.(update|rename|password|replace)$/.test(kind)) return 'update';
  if (/\.(lookup|read|import)$|connection\.test|discovery/.test(kind)) return 'read';
  return 'neutral';
}

export function statusTone(status: number): 'ok' | 'redirect' | 'client' | 'server' | 'none' {
  if (status === 0) return 'none';
  if (status < 300) return 'ok';
  if (status < 400) return 'redirect';
  if (status < 500) return 'client';
  return 'server';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local 24-hour wall-clock time, 14:03:22.120 (14:03:22 with `ms: false`); '—' for a bad timestamp. */
export function formatClock(iso: string, { ms = true }: { ms?: boolean } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return ms ? `${time}.${pad(d.getMilliseconds(), 3)}` : time;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Reason phrases for the statuses a SCIM exchange can carry. */
export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

