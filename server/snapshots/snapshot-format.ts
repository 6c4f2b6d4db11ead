/**
 * The snapshot file: a workspace's whole directory (users and groups exactly as stored, ids, meta
 * versions and timestamps, password hashes) in a versioned JSON format. Written the same way every
 * time (one resource per line, in creation order, no timestamp or name inside), so saving the same
 * directory twice gives the same bytes. Read back strictly: a file we do not understand is refused
 * with the first problem named, never half-used.
 */
import { z } from 'zod';
import type { ScimResource } from '../contract/scim.js';
import { AppError } from '../app-errors.js';
import { packageVersion } from '../config/data-paths.js';
import { normalizeResourceInput } from '../scim/resource-input.js';
import { resourceTypes } from '../scim/schemas/resource-types.js';
import { rulesFor } from '../scim/type-rules.js';
import type { Repository } from '../store/repository.js';
import { validateSnapshot, type SnapshotData, type StoredSecret } from '../store/snapshot-format.js';

export const SNAPSHOT_FORMAT = 'scimscope-snapshot';
export const SNAPSHOT_VERSION = 1;

/** What a snapshot holds: the store's data without its journal bookkeeping. */
export interface Directory {
  users: ScimResource[];
  groups: ScimResource[];
  /** Password hashes by user id. */
  secrets: Record<string, StoredSecret>;
}

export function directoryOf(data: SnapshotData): Directory {
  return { users: data.users, groups: data.groups, secrets: data.secrets };
}

const secretSchema = z.object({ passwordHash: z.string().min(1), updatedAt: z.string() }).strict();
const resourceSchema = z.looseObject({ id: z.string().min(1) });

/** The directory's shape, shared with lab bundles (server/bundles/bundle-format.ts). */
export const directorySchema = z
  .object({
    users: z.array(resourceSchema),
    groups: z.array(resourceSchema),
    secrets: z.record(z.string(), secretSchema),
  })
  .strict();

const envelopeSchema = z.object({ format: z.literal(SNAPSHOT_FORMAT), version: z.number().int().min(1) }).loose();

/** The directory as the store would accept it: ids unique, unique names unique ignoring case, hashes of existing users. */
export function checkDirectory(data: unknown, where: string): Directory {
  const parsed = directorySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  // The records as they were read, not zod's copies (which put known keys first): a restore must keep key order.
  const given = data as Directory;
  let checked: SnapshotData;
  try {
    // The caller's records stay as they are; a record without meta comes back as a copy that has it.
    checked = validateSnapshot({ ...given, journalSeq: 0 }, where);
  } catch (error) {
    throw new Error((error as AppError).params?.reason !== undefined ? String((error as AppError).params.reason) : (error as Error).message);
  }
  const userIds = new Set(given.users.map((u) => u.id));
  for (const id of Object.keys(given.secrets)) if (!userIds.has(id)) throw new Error(`secrets holds a password hash for "${id}", which is not a user of the snapshot`);
  checkRecordsWritable(given, userIds);
  return directoryOf(checked);
}

/**
 * Every record as the SCIM layer would itself have stored it: each attribute of its schema's shape,
 * a group's members naming users or groups of the same directory. A record that is not would restore,
 * then refuse every later PUT or PATCH (the write path checks the whole resource), so the IdP could
 * no longer deactivate that user or rename that group.
 */
function checkRecordsWritable(directory: Directory, userIds: Set<string>): void {
  const groupIds = new Set(directory.groups.map((g) => g.id));
  // Only what the member check asks of a repository: whether an id is a user or a group of this directory.
  const within = { get: (type: 'User' | 'Group', id: string) => ((type === 'User' ? userIds : groupIds).has(id) ? {} : undefined) } as unknown as Repository;
  for (const [key, type] of [['users', 'User'], ['groups', 'Group']] as const) {
    directory[key].forEach((record, i) => {
      try {
        const { attributes } = normalizeResourceInput(record, resourceTypes[type], []);
        rulesFor(type).check(attributes, record.id, within, []);
      } catch (error) {
        throw new Error(`${key}.${i} ("${record.id}"): ${(error as Error).message}`);
      }
    });
  }
}

/** The file's text. Deterministic: the same directory always gives the same bytes. */
export function serializeSnapshot(directory: Directory): string {
  const list = (items: unknown[]) => (items.length === 0 ? '[]' : `[\n${items.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`);
  const secrets = Object.entries(directory.secrets);
  const secretText = secrets.length === 0 ? '{}' : `{\n${secrets.map(([id, s]) => `    ${JSON.stringify(id)}: ${JSON.stringify(s)}`).join(',\n')}\n  }`;
  return `{\n  "format": "${SNAPSHOT_FORMAT}",\n  "version": ${SNAPSHOT_VERSION},\n  "users": ${list(directory.users)},\n  "groups": ${list(directory.groups)},\n  "secrets": ${secretText}\n}\n`;
}

/** Reads a snapshot's text; throws SNAPSHOT_CORRUPT or SNAPSHOT_TOO_NEW naming the file and the problem. */
export function parseSnapshot(text: string, name: string, file: string): Directory {
  const corrupt = (reason: string) => new AppError('SNAPSHOT_CORRUPT', { name, file, reason });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw corrupt(`not valid JSON (${(error as Error).message})`);
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw corrupt(`not a Scimscope snapshot (it needs "format": "${SNAPSHOT_FORMAT}" and a whole-number "version")`);
  if (envelope.data.version > SNAPSHOT_VERSION) throw new AppError('SNAPSHOT_TOO_NEW', { name, file, found: envelope.data.version, supported: SNAPSHOT_VERSION, app: packageVersion() });
  const { format: _format, version: _version, ...rest } = raw as Record<string, unknown>;
  try {
    return checkDirectory(rest, file);
  } catch (error) {
    throw corrupt((error as Error).message);
  }
}
