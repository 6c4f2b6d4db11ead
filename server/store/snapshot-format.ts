/**
 * The store file's format: its shape, its version, the numbered migrations that bring older files
 * up to date, and the checks that refuse a file we do not understand instead of overwriting it.
 */
import type { ScimResource } from '../contract/scim.js';
import { AppError } from '../app-errors.js';

export const STORE_FORMAT_VERSION = 1;

export interface StoredSecret {
  passwordHash: string;
  updatedAt: string;
}

export interface SnapshotData {
  version: number;
  /** The last journal entry this snapshot includes. */
  journalSeq: number;
  users: ScimResource[];
  groups: ScimResource[];
  /** Password hashes by user id; kept apart so the resources stay plain SCIM. */
  secrets: Record<string, StoredSecret>;
}

export const emptySnapshot = (): SnapshotData => ({ version: STORE_FORMAT_VERSION, journalSeq: 0, users: [], groups: [], secrets: {} });

type Migration = { to: number; describe: string; up: (data: Record<string, unknown>) => Record<string, unknown> };

/**
 * migrations[i] upgrades a file of version i to version i+1. Version 0 is a file without a
 * `version` field, such as one written by hand or by json-server: `{ "users": [...], "groups": [...] }`.
 */
export const migrations: Migration[] = [
  {
    to: 1,
    describe: 'add version, journalSeq and secrets',
    up: (data) => ({ version: 1, journalSeq: 0, users: data.users ?? [], groups: data.groups ?? [], secrets: data.secrets ?? {} }),
  },
];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads the format version, refusing files from the future. */
export function versionOf(data: unknown, file: string): number {
  if (!isObject(data)) throw new AppError('STORE_INVALID', { file, reason: 'the top level is not a JSON object' });
  if (data.version === undefined) return 0;
  if (!Number.isInteger(data.version) || (data.version as number) < 0) {
    throw new AppError('STORE_INVALID', { file, reason: `"version" is ${JSON.stringify(data.version)}, not a whole number` });
  }
  const version = data.version as number;
  if (version > STORE_FORMAT_VERSION) throw new AppError('STORE_TOO_NEW', { file, found: version, supported: STORE_FORMAT_VERSION });
  return version;
}

export function migrate(data: Record<string, unknown>, from: number): Record<string, unknown> {
  let current = data;
  for (let v = from; v < STORE_FORMAT_VERSION; v++) current = migrations[v]!.up(current);
  return current;
}

/** Checks the shape of a current-version file; names the first problem found. */
export function validateSnapshot(data: Record<string, unknown>, file: string): SnapshotData {
  const fail = (reason: string): never => {
    throw new AppError('STORE_INVALID', { file, reason });
  };
  if (!Number.isInteger(data.journalSeq) || (data.journalSeq as number) < 0) fail('"journalSeq" must be a whole number');
  if (!isObject(data.secrets)) fail('"secrets" must be an object');
  for (const [key, unique] of [['users', 'userName'], ['groups', 'displayName']] as const) {
    const list = data[key];
    if (!Array.isArray(list)) fail(`"${key}" must be an array`);
    const seen = new Set<string>();
    const seenUnique = new Map<string, string>();
    (list as unknown[]).forEach((item, i) => {
      if (!isObject(item)) fail(`${key}[${i}] is not an object`);
      const r = item as Record<string, unknown>;
      if (typeof r.id !== 'string' || r.id === '') fail(`${key}[${i}] has no "id"`);
      if (seen.has(r.id as string)) fail(`${key}[${i}] repeats the id "${String(r.id)}"`);
      seen.add(r.id as string);
      if (typeof r[unique] !== 'string' || r[unique] === '') fail(`${key}[${i}] (id "${String(r.id)}") has no "${unique}"`);
      const lower = (r[unique] as string).toLowerCase();
      const other = seenUnique.get(lower);
      if (other !== undefined) fail(`${key}[${i}] (id "${String(r.id)}") has the same ${unique} as id "${other}" ("${String(r[unique])}"); ${unique} must be unique, ignoring case`);
      seenUnique.set(lower, r.id as string);
    });
  }
  // The caller's records are never changed (a snapshot restore checks records it may still refuse): one without full meta is copied.
  const users = withMeta(data.users as Record<string, unknown>[], 'User');
  const groups = withMeta(data.groups as Record<string, unknown>[], 'Group');
  return { ...data, users, groups } as unknown as SnapshotData;
}

/**
 * A record written by hand (or by json-server) may have no `meta`; the SCIM layer reads its version
 * for ETags, PATCH and the views. A copy of it gets the metadata a create would give it, stamped now
 * (its real creation time is unknown), keeping whatever `meta` fields it had and its keys' order.
 * The list itself when every record has its meta (no copy of 100k records at start).
 */
function withMeta(list: Record<string, unknown>[], resourceType: 'User' | 'Group'): Record<string, unknown>[] {
  let out: Record<string, unknown>[] | null = null;
  let stamp: string | undefined;
  list.forEach((record, i) => {
    const meta = isObject(record.meta) ? (record.meta as Record<string, unknown>) : {};
    if (typeof meta.version === 'string' && typeof meta.resourceType === 'string' && typeof meta.created === 'string' && typeof meta.lastModified === 'string') return;
    stamp ??= new Date().toISOString();
    (out ??= [...list])[i] = { ...record, meta: { resourceType, created: stamp, lastModified: stamp, version: 'W/"1"', ...meta } };
  });
  return out ?? list;
}
