/**
 * The snapshot's load index (`store.json.index`): what a start needs to answer before it has parsed
 * every user. For a large store.json (the writer's one-resource-per-line layout), the writer records,
 * per user, its id, its userName lowercased, its externalId and where its line lies in the file's
 * bytes, plus where the groups and secrets lie, and the SHA-256 of the store.json bytes it wrote.
 * At start, when store.json's bytes hash to that value, the store builds its indexes from these
 * columns and parses each user only when it is first used (or in the background after ready); the
 * index file is a cache, so anything wrong with it (missing, torn, from another writer or another
 * Unicode version's lowercasing, a store.json edited by hand while its identity changed, columns that
 * do not fit the records) means store.json is read the full way, as before, and nothing is refused for it.
 *
 * Hashing 72 MB of store.json costs ~235 ms of a start, so the header also records the file's identity
 * as the writer left it (size, inode, device, mtime and ctime in nanoseconds; store-identity.ts). When
 * the store.json being read has exactly that identity, it is taken as the file this writer wrote and
 * the hash is skipped; anything else (a copy, a restore, a hand edit, even one whose mtime was put
 * back: the ctime moves with every write and every utimes) pays for the hash as before. Without the
 * hash, the bytes outside the records are still held to the writer's layout (head with the
 * journalSeq, separators, end), so only edits inside a record, the groups or the secrets can pass
 * unseen; the records are then checked against their columns when parsed. docs/decisions.md, "The
 * load index trusts store.json's file identity instead of hashing it", gives the reasoning.
 *
 * File layout: one header line `{"format":"scimscope-store-index","version":1,"unicode":"15.1",
 * "store":{"bytes":N,"sha256":"…","identity":{…}},"body":{"bytes":M,"sha256":"…"}}` (`unicode`: the
 * Unicode version of the runtime that lowercased the keys; `identity` absent in indexes of older
 * writers), then the body, one JSON object:
 * `{"journalSeq":n,"users":{"ids":[…],"keys":[…],"externalIds":[…|null],"spans":[start,end,…]},
 * "groups":[start,end],"secrets":[start,end]}` (spans are byte offsets into store.json, end exclusive).
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ScimResource } from '../contract/scim.js';
import { sameIdentity, type FileIdentity } from './store-identity.js';

export const INDEX_FORMAT = 'scimscope-store-index';
export const INDEX_VERSION = 1;
export const indexFileOf = (storeFile: string) => `${storeFile}.index`;

/** The users of a snapshot as columns, their records still as bytes of store.json. */
export interface PendingUsers {
  /** The bytes of store.json; records are parsed from `spans` on first use. */
  bytes: Buffer;
  ids: string[];
  /** userName lowercased, as the unique index holds it; null where the record has none. */
  keys: (string | null)[];
  externalIds: (string | null)[];
  /** start, end of each record's JSON in `bytes`, in the order of `ids`. */
  spans: number[];
}

export interface IndexBody {
  journalSeq: number;
  users: { ids: string[]; keys: (string | null)[]; externalIds: (string | null)[]; spans: number[] };
  groups: [number, number];
  secrets: [number, number];
}

/** Collects the index while the snapshot is written: byte positions of what is written, and its hash. */
export class IndexBuilder {
  private readonly hash = createHash('sha256');
  private position = 0;
  private readonly users: IndexBody['users'] = { ids: [], keys: [], externalIds: [], spans: [] };
  private groupsStart = 0;
  private secretsStart = 0;
  private groups: [number, number] = [0, 0];
  private secrets: [number, number] = [0, 0];

  /** Counts bytes about to be written (every byte of store.json passes here, in order). */
  written(chunk: Buffer): void {
    this.hash.update(chunk);
  }

  /** Advances the position by a piece of text that will be written, returning where it starts. */
  advance(text: string): number {
    const start = this.position;
    this.position += Buffer.byteLength(text);
    return start;
  }

  user(resource: ScimResource, start: number, end: number): void {
    this.users.ids.push(resource.id);
    this.users.keys.push(typeof resource.userName === 'string' ? resource.userName.toLowerCase() : null);
    this.users.externalIds.push(typeof resource.externalId === 'string' ? resource.externalId : null);
    this.users.spans.push(start, end);
  }

  groupsAt(start: number): void {
    this.groupsStart = start;
  }
  groupsEnd(end: number): void {
    this.groups = [this.groupsStart, end];
  }
  secretsAt(start: number): void {
    this.secretsStart = start;
  }
  secretsEnd(end: number): void {
    this.secrets = [this.secretsStart, end];
  }

  /** The index file's text, once every byte of store.json has been counted; `identity`: store.json's, read after its rename. */
  finish(journalSeq: number, identity: FileIdentity | null = null): string {
    const body = JSON.stringify({ journalSeq, users: this.users, groups: this.groups, secrets: this.secrets });
    const header = {
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      unicode: process.versions.unicode,
      store: { bytes: this.position, sha256: this.hash.digest('hex'), ...(identity ? { identity } : {}) },
      body: { bytes: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex') },
    };
    return `${JSON.stringify(header)}\n${body}`;
  }
}

/**
 * The index file's reads and writes, as one object so a test can make one of them throw (the
 * callers go through it, so a stand-in enters by the same door).
 */
export const indexFile = {
  /** Writes the index next to store.json (temp file + rename; it is a cache, so no fsync). */
  async write(storeFile: string, text: string): Promise<void> {
    await fsp.writeFile(tempOf(storeFile), text, { mode: 0o600 });
    await fsp.rename(tempOf(storeFile), indexFileOf(storeFile));
  },

  /** Removes the index (and a temp file a failed write left). */
  async remove(storeFile: string): Promise<void> {
    await fsp.rm(indexFileOf(storeFile), { force: true });
    await fsp.rm(tempOf(storeFile), { force: true });
  },

  /**
   * The index for these store.json bytes, or null when there is none that matches them exactly (no
   * file, another format, keys lowercased under another Unicode version, a torn or altered index, a
   * store.json that is not the one it describes, or spans that do not fit the writer's layout).
   * `identity` is that of the file the bytes were read from: when it is the one the index recorded,
   * the bytes are the writer's without hashing them (`checked: 'identity'`); otherwise they are hashed.
   */
  async read(storeFile: string, bytes: Buffer, identity: FileIdentity | null = null): Promise<(IndexBody & { checked: 'identity' | 'sha256' }) | null> {
    let file: Buffer;
    try {
      file = await fsp.readFile(indexFileOf(storeFile));
    } catch {
      return null;
    }
    try {
      const newline = file.indexOf(10);
      if (newline < 0) return null;
      const header = JSON.parse(file.toString('utf8', 0, newline)) as { format?: unknown; version?: unknown; unicode?: unknown; store?: { bytes?: unknown; sha256?: unknown; identity?: unknown }; body?: { bytes?: unknown; sha256?: unknown } };
      if (header.format !== INDEX_FORMAT || header.version !== INDEX_VERSION) return null;
      // The keys are userNames lowercased by the writer's runtime; another Unicode version may lowercase some differently.
      if (header.unicode !== process.versions.unicode) return null;
      if (header.store?.bytes !== bytes.length) return null;
      const bodyBytes = file.subarray(newline + 1);
      if (header.body?.bytes !== bodyBytes.length) return null;
      if (createHash('sha256').update(bodyBytes).digest('hex') !== header.body.sha256) return null;
      const known = identity !== null && sameIdentity(header.store.identity, identity);
      if (!known && createHash('sha256').update(bytes).digest('hex') !== header.store.sha256) return null;
      const body = JSON.parse(bodyBytes.toString('utf8')) as IndexBody;
      if (!isBody(body, bytes.length)) return null;
      // store.json's own head carries the journalSeq journal replay starts from: the index's must be it.
      const head = writerHead(bytes);
      if (!head || head.journalSeq !== body.journalSeq) return null;
      // Without the hash, the spans are also held to the bytes: the writer's glue around and between them, and the end.
      if (known && !framedAsWritten(body, bytes, head.end)) return null;
      return Object.assign(body, { checked: known ? ('identity' as const) : ('sha256' as const) });
    } catch {
      return null;
    }
  },
};

const tempOf = (storeFile: string) => path.join(path.dirname(storeFile), `.${path.basename(indexFileOf(storeFile))}.tmp`);

const isSpan = (v: unknown, size: number): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && Number.isInteger(v[1]) && 0 <= v[0] && v[0] <= v[1] && v[1] <= size;

/**
 * The body's shape and layout (its bytes are the writer's, by their hash: this guards against a
 * writer's bug and a forged index header): the columns of one length each, and the writer's order in store.json: the users'
 * spans one after another, then the groups, then the secrets, all within the file.
 */
function isBody(body: IndexBody, size: number): boolean {
  const u = body?.users;
  if (!Number.isInteger(body.journalSeq) || !u || !isSpan(body.groups, size) || !isSpan(body.secrets, size)) return false;
  const n = u.ids?.length;
  if (!(Array.isArray(u.ids) && Array.isArray(u.keys) && Array.isArray(u.externalIds) && Array.isArray(u.spans) && u.keys.length === n && u.externalIds.length === n && u.spans.length === 2 * n)) return false;
  const spans = u.spans;
  let end = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i];
    if (!Number.isInteger(start) || start! < end || !Number.isInteger(spans[i + 1]) || spans[i + 1]! <= start!) return false;
    end = spans[i + 1]!;
  }
  return end <= body.groups[0] && body.groups[1] <= body.secrets[0];
}

/**
 * The head of a one-resource-per-line store.json, as the writer puts it (writeSerialized in
 * snapshot-file.ts, through headText) and as both readers take it apart (the format version the
 * snapshot file checks before using the index, the journalSeq the index must match): one definition.
 */
export const headText = (version: number, journalSeq: number) => `{\n  "version": ${version},\n  "journalSeq": ${journalSeq},\n`;
const WRITER_HEAD = /^\{\n {2}"version": (\d+),\n {2}"journalSeq": (\d+),\n/;

/** store.json's head, if its bytes start with the writer's (`end`: where the head ends); null otherwise. */
export function writerHead(bytes: Buffer): { version: number; journalSeq: number; end: number } | null {
  const head = WRITER_HEAD.exec(bytes.toString('latin1', 0, 96));
  return head ? { version: Number(head[1]), journalSeq: Number(head[2]), end: head[0].length } : null;
}
/** What the writer puts between two users' records, and around the parts. */
const SEPARATOR = Buffer.from(',\n    ');
const USERS_HEAD = Buffer.from('  "users": [\n    ');
const USERS_EMPTY = Buffer.from('  "users": [],\n  "groups": ');
const USERS_TAIL = Buffer.from('\n  ],\n  "groups": ');
const BEFORE_SECRETS = Buffer.from(',\n  "secrets": ');
const END = Buffer.from('\n}\n');

/**
 * The bytes outside the spans, after the head (`headEnd`, checked by the caller), are exactly the
 * writer's: the users' opening, the separators between users (no user can sit outside a span), the
 * glue between users, groups and secrets, and the end. Only the records, the groups and the secrets
 * are left unchecked.
 */
function framedAsWritten(body: IndexBody, bytes: Buffer, headEnd: number): boolean {
  const spans = body.users.spans;
  if (spans.length === 0) {
    if (!holds(bytes, headEnd, body.groups[0], USERS_EMPTY)) return false;
  } else {
    if (!holds(bytes, headEnd, spans[0]!, USERS_HEAD)) return false;
    for (let i = 2; i < spans.length; i += 2) if (!holds(bytes, spans[i - 1]!, spans[i]!, SEPARATOR)) return false;
    if (!holds(bytes, spans[spans.length - 1]!, body.groups[0], USERS_TAIL)) return false;
  }
  return holds(bytes, body.groups[1], body.secrets[0], BEFORE_SECRETS) && holds(bytes, body.secrets[1], bytes.length, END);
}

/** Whether bytes[start, end) is exactly `expected` (a loop: 100k of these must cost next to nothing). */
function holds(bytes: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (start < 0 || end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}
