/**
 * Writes a store.json with N realistic users straight to a data folder through the store's own
 * snapshot writer (so a large one gets its load index, as a folder the server left behind would), so the
 * benchmark can start the real server on 1k, 10k or 100k users in seconds; and the same users as a
 * json-server db (`{ "users": [...] }`), for the outside yardstick. `{ index: false }` leaves the load
 * index out: a store.json as an older Scimscope (or a hand) left it.
 */
import crypto from 'node:crypto';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ScimResource } from '../server/contract/scim.js';
import { SnapshotFile } from '../server/store/snapshot-file.js';
import { indexFileOf } from '../server/store/snapshot-index.js';

const GIVEN = ['Ann', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Gia', 'Hugo', 'Ines', 'Jon', 'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia'];
const FAMILY = ['Lee', 'Khan', 'Smith', 'Garcia', 'Rossi', 'Chen', 'Okafor', 'Dubois', 'Novak', 'Silva', 'Haddad', 'Berg'];

export interface BenchStore {
  dir: string;
  /** The same users as a json-server db file. */
  jsonServerDb: string;
  ids: string[];
  userNames: string[];
}

export async function makeStore(dir: string, count: number, options: { index?: boolean } = {}): Promise<BenchStore> {
  await mkdir(dir, { recursive: true });
  const ids: string[] = [];
  const userNames: string[] = [];
  const lines: string[] = [];
  const users: ScimResource[] = [];
  const stamp = new Date(Date.UTC(2026, 0, 1)).toISOString();
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    const given = GIVEN[i % GIVEN.length]!;
    const family = FAMILY[(i * 7) % FAMILY.length]!;
    const userName = `${given.toLowerCase()}.${family.toLowerCase()}.${i}@example.com`;
    ids.push(id);
    userNames.push(userName);
    users.push({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      id,
      userName,
      externalId: `00u${i.toString(36).padStart(12, '0')}`,
      name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
      displayName: `${given} ${family}`,
      title: 'Engineer',
      emails: [{ value: userName, type: 'work', primary: true }],
      locale: 'en-US',
      active: true,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Engineering', employeeNumber: String(10000 + i) },
      meta: { resourceType: 'User', created: stamp, lastModified: stamp, version: 'W/"1"' },
    });
    lines.push(JSON.stringify(users[i]));
  }
  const storeFile = path.join(dir, 'store.json');
  await new SnapshotFile(storeFile).write({ version: 1, journalSeq: 0, users, groups: [], secrets: {} });
  if (options.index === false) await rm(indexFileOf(storeFile), { force: true });
  const jsonServerDb = path.join(dir, 'json-server-db.json');
  await writeFile(jsonServerDb, `{"users":[${lines.join(',')}]}`);
  return { dir, jsonServerDb, ids, userNames };
}

/** Copies a made store into another data folder: store.json and, when there is one, its load index. */
export async function copyStore(fromDir: string, toDir: string): Promise<void> {
  const from = path.join(fromDir, 'store.json');
  await copyFile(from, path.join(toDir, 'store.json'));
  if (existsSync(indexFileOf(from))) await copyFile(indexFileOf(from), indexFileOf(path.join(toDir, 'store.json')));
}
