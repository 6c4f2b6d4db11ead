/** Words and numbers for the exchange detail (delays, sizes, reason phrases, resource names and links), kept pure for tests. */
import type { JsonValue, ResourceChange } from '../../../server/contract/index.js';
import { formatClock, STATUS_TEXT } from '../../state/labels.js';

/** A delay in the unit people think in: "850 ms", "2.5 s", "2 min 5 s", "1 h 3 min". */
export function humanDelay(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)} s`;
  const totalSeconds = Math.round(s);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) {
    const rest = totalSeconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes ? `${hours} h ${restMinutes} min` : `${hours} h`;
}

/** A byte count: "0 B", "512 B", "1.2 KB", "3.4 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}


/** "201 Created"; for status 0, what happened instead ("No response: dropped"). */
export function statusText(status: number, outcome: 'completed' | 'aborted' | 'dropped' = 'completed'): string {
  if (status === 0) return outcome === 'aborted' ? 'No response: the client hung up' : outcome === 'dropped' ? 'No response: dropped' : 'No response';
  const reason = STATUS_TEXT[status];
  return reason ? `${status} ${reason}` : String(status);
}

/** The request target as sent: path plus query string. */
export function requestTarget(path: string, query: Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return q ? `${path}?${q}` : path;
}

type Resource = { [key: string]: JsonValue } | null;

function text(resource: Resource, key: string): string | null {
  const value = resource?.[key];
  return typeof value === 'string' && value.trim() ? value : null;
}

/** The name people know a changed resource by: userName for users, displayName for groups, else the id. */
export function resourceName(change: Pick<ResourceChange, 'resourceType' | 'id' | 'before' | 'after'>): string {
  const key = change.resourceType === 'User' ? 'userName' : 'displayName';
  return text(change.after, key) ?? text(change.before, key) ?? text(change.after, 'displayName') ?? change.id;
}

/** The inspector link to a resource's page (#/users/<id> or #/groups/<id>). */
export function resourceHref(resourceType: string, id: string): string {
  return `#/${resourceType === 'Group' ? 'groups' : 'users'}/${encodeURIComponent(id)}`;
}

/** How a change is titled: "Created", "Updated", "Deleted". */
export function changeVerb(change: Pick<ResourceChange, 'before' | 'after'>): 'Created' | 'Updated' | 'Deleted' {
  if (change.before === null) return 'Created';
  if (change.after === null) return 'Deleted';
  return 'Updated';
}

/** A body as text: JSON pretty-printed with two spaces, text as recorded, nothing as "". */
export function prettyBody(body: JsonValue | undefined): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body;
  return JSON.stringify(body, null, 2);
}

/** What kind of body it is, for the panel's caption. */
export function bodyKind(body: JsonValue | undefined, contentType: string | undefined): string {
  if (body === null || body === undefined || body === '') return 'empty';
  if (typeof body !== 'string') return contentType?.includes('scim') ? 'SCIM JSON' : 'JSON';
  return contentType?.split(';')[0]?.trim() || 'text';
}

/** A header's value, looked up case-insensitively. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Date and time for the detail header: "Sun 29 Nov, 16:34:28.449". */
export function formatWhen(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const time = formatClock(iso);
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return `Today, ${time}`;
  const day = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
  return `${day.replace(',', '')}, ${time}`;
}
