/**
 * Every file under a folder, at any depth: for the tests that read everything a sandbox wrote to
 * prove no secret reached the disk (the data folder, the exchange log's folder).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The paths of the files under `dir`, at any depth (folders are walked, not listed). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}
