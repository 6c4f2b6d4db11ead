/**
 * Every file under a folder, at any depth: for the tests that read everything a sandbox wrote to
 * prove no secret reached the disk (the data folder, the exchange log's folder).
 */
import { readdir, readFile } from 'node:fs/promises';
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

/**
 * The recorder's files under `dir` (the exchanges and the resource history, data and index), each
 * with its text and every JSON string in it decoded, whatever the file's layout around them: what a
 * test searches to prove a secret reached no file, raw or escaped.
 */
export async function recordingFiles(dir: string): Promise<{ file: string; text: string; strings: string[] }[]> {
  const files = (await filesUnder(dir)).filter((f) => /^(exchange|history)/.test(path.basename(f)));
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, 'utf8');
      return { file, text, strings: [...text.matchAll(/"(?:[^"\\]|\\.)*"/g)].map(([token]) => JSON.parse(token) as string) };
    }),
  );
}
