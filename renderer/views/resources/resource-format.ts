/** Reads the few things the views show about a SCIM resource (its name, email, status, dates) in one place, tolerant of missing attributes. */
import type { JsonObject, JsonValue } from '../../../server/contract/index.js';
import type { ResourcePath } from '../../api/admin-client.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export const NOUN: Record<ResourcePath, { one: string; many: string; One: string; Many: string }> = {
  users: { one: 'user', many: 'users', One: 'User', Many: 'Users' },
  groups: { one: 'group', many: 'groups', One: 'Group', Many: 'Groups' },
};

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

export function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The index of the email a form edits: the primary one, else the first. -1 when there is none. */
export function primaryEmailIndex(resource: JsonObject): number {
  const emails = Array.isArray(resource.emails) ? resource.emails : [];
  const primary = emails.findIndex((e) => isObject(e) && e.primary === true);
  return primary >= 0 ? primary : emails.length > 0 ? 0 : -1;
}

export function primaryEmail(resource: JsonObject): string {
  const index = primaryEmailIndex(resource);
  const email = index >= 0 ? (resource.emails as JsonValue[])[index] : undefined;
  return isObject(email) ? str(email.value) : '';
}

/** "Given Family" from name, else the formatted name. */
export function personName(resource: JsonObject): string {
  const name = isObject(resource.name) ? resource.name : {};
  return [str(name.givenName), str(name.familyName)].filter(Boolean).join(' ') || str(name.formatted);
}

/** The name a person would call this resource: displayName, then the real name, then userName. */
export function resourceName(type: ResourcePath, resource: JsonObject): string {
  if (type === 'groups') return str(resource.displayName) || str(resource.id);
  return str(resource.displayName) || personName(resource) || str(resource.userName) || str(resource.id);
}

export function isActive(resource: JsonObject): boolean {
  return resource.active !== false;
}

export function initials(name: string): string {
  const parts = name.replace(/@.*$/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length >= 2 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

export function metaOf(resource: JsonObject): { created: string; lastModified: string } {
  const meta = isObject(resource.meta) ? resource.meta : {};
  return { created: str(meta.created), lastModified: str(meta.lastModified) };
}

export function department(resource: JsonObject): string {
  const ext = resource[ENTERPRISE_SCHEMA];
  return isObject(ext) ? str(ext.department) : '';
}

// Built once: a formatter per call costs more than the rest of a table row.
const SHORT_DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** "just now", "4 min ago", "3 h ago", else a short date: calm and readable from the back of a room. */
export function formatAgo(iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '—';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return SHORT_DATE.format(at);
}

export function formatDateTime(iso: string): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '—';
  return DATE_TIME.format(at);
}

/** "1–50 of 100,000". */
export function rangeText(startIndex: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return `0 of ${total.toLocaleString()}`;
  return `${startIndex.toLocaleString()}–${(startIndex + shown - 1).toLocaleString()} of ${total.toLocaleString()}`;
}

/** The version the inspector read (meta.version), sent back as If-Match so a stale edit is refused. */
export function versionOf(resource: JsonObject): string | undefined {
  const version = isObject(resource.meta) ? resource.meta.version : undefined;
  return typeof version === 'string' ? version : undefined;
}
