/**
 * What a load-index test does to the folder a seeded store left, said where the test says it: which
 * file it damages (store.json or its load index) and how. Every damage is checked to have changed
 * that file, so one that silently matches nothing (a seed renamed, a key no longer in the index)
 * fails its test instead of letting it pass on an undamaged folder. Works on the current test's
 * folder (test/helpers/store-load-index.ts, useStoreFolder).
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import type { SnapshotData } from '../../server/store/snapshot-format.js';
import type { IndexBody } from '../../server/store/snapshot-index.js';
import { indexFileOf } from '../../server/store/snapshot-index.js';
import { file, open, rewriteIndex, seed } from './store-load-index.js';

/** One change to one of the files a closed store leaves. */
export interface Damage {
  /** The file it changes. */
  file: 'store.json' | 'index';
  /** Says what it does, for the message when it changed nothing. */
  what: string;
  apply: () => Promise<void>;
}

const pathOf = (target: Damage['file']) => (target === 'store.json' ? file() : indexFileOf(file()));

/** store.json's text changed by `edit`, as a hand or another program would. */
export const editStoreJson = (what: string, edit: (text: string) => string): Damage => ({
  file: 'store.json',
  what,
  apply: async () => writeFile(file(), edit(await readFile(file(), 'utf8'))),
});

/** store.json and its index rewritten consistently by the store's own writer, with `change` made to the data first (a writer with a bug, or a later format). */
export const rewriteSnapshot = (what: string, change: (data: SnapshotData) => void): Damage => ({
  file: 'store.json',
  what,
  apply: async () => {
    const data = JSON.parse(await readFile(file(), 'utf8')) as SnapshotData;
    change(data);
    await new SnapshotFile(file(), { prettyLimit: 0 }).write(data);
  },
});

/** The index's text changed by `edit`, its hash left as it was (a torn or altered index). */
export const editIndexText = (what: string, edit: (text: string) => string): Damage => ({
  file: 'index',
  what,
  apply: async () => writeFile(indexFileOf(file()), edit(await readFile(indexFileOf(file()), 'utf8'))),
});

/** The index removed (an older Scimscope left none). */
export const removeIndex = (): Damage => ({ file: 'index', what: 'remove the index', apply: () => rm(indexFileOf(file())) });

/** The index's body or header changed with its hash recomputed, as a writer with a bug would. */
export const rewriteIndexAs = (what: string, change: (body: IndexBody, header: Record<string, unknown>) => void): Damage => ({
  file: 'index',
  what,
  apply: () => rewriteIndex(change),
});

/**
 * The identity the index recorded for store.json made store.json's present one (what a clock turned
 * back, or a forged index, gives), with `also` applied to the body in the same rewrite.
 */
export const forgeIdentity = (also: (body: IndexBody) => void = () => undefined): Damage => ({
  file: 'index',
  what: 'record store.json\'s present identity in the index',
  apply: async () => {
    const now = await stat(file(), { bigint: true });
    await rewriteIndex((body, header) => {
      (header.store as { identity: unknown }).identity = { size: String(now.size), ino: String(now.ino), dev: String(now.dev), mtimeNs: String(now.mtimeNs), ctimeNs: String(now.ctimeNs) };
      also(body);
    });
  },
});

const bytesOf = (target: Damage['file']) => readFile(pathOf(target)).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));

/** Applies each damage in turn; throws if one left its file's bytes as they were. */
export async function damage(...damages: Damage[]): Promise<void> {
  for (const d of damages) {
    const before = await bytesOf(d.file);
    await d.apply();
    const after = await bytesOf(d.file);
    if (before === null ? after === null : after !== null && before.equals(after)) throw new Error(`the damage changed nothing in ${d.file}: ${d.what}`);
  }
}

/** Opens the folder's store through the index, commits the seed and closes it: the folder a clean stop leaves. */
export async function seedAndClose(): Promise<void> {
  const first = await open(true);
  await first.commit(seed, { source: 'seed' });
  await first.close();
}

/** The folder a clean stop leaves, then damaged; the bytes of store.json and of its index (null if none) as the damage left them. */
export async function seedThenDamage(...damages: Damage[]): Promise<{ storeJson: Buffer; index: Buffer | null }> {
  await seedAndClose();
  await damage(...damages);
  return { storeJson: (await bytesOf('store.json'))!, index: await bytesOf('index') };
}
