/**
 * Where a process's resident memory is, from /proc/<pid>/smaps, for the soak's SOAK_SPACES samples:
 * the main malloc heap ([heap], the brk area), glibc's per-thread malloc arenas (anonymous regions
 * at 64 MB-aligned addresses: an arena's heap is reserved 64 MB-aligned, so the recording worker's
 * and libuv's threads' malloc'd memory lands there), other anonymous memory (V8's heap pages of both
 * isolates, code space, mmap'd large malloc blocks), file-backed pages (the binary, libraries) and
 * stacks. Split out of bench/soak.ts so the soak says which of these grows, not only that RSS does.
 */
import { readFile } from 'node:fs/promises';

export interface SmapsBreakdown {
  /** Resident MB of the brk heap (main thread's malloc). */
  brk: number;
  /** Resident MB of malloc arenas of other threads (64 MB-aligned anonymous regions), and how many. */
  arenas: number;
  arenaCount: number;
  /** Resident MB of the other anonymous mappings (V8 heaps and code, large mmap'd blocks). */
  anon: number;
  /** Resident MB of file-backed mappings. */
  file: number;
  /** Resident MB of stacks and the rest. */
  other: number;
}

const ARENA_ALIGN = 64n * 1024n * 1024n;

/** The process's resident memory by kind of mapping (MB). */
export async function smapsBreakdown(pid: number): Promise<SmapsBreakdown> {
  const text = await readFile(`/proc/${pid}/smaps`, 'utf8');
  const out: SmapsBreakdown = { brk: 0, arenas: 0, arenaCount: 0, anon: 0, file: 0, other: 0 };
  let kind: 'brk' | 'arenas' | 'anon' | 'file' | 'other' = 'other';
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (header) {
      const start = BigInt(`0x${header[1]}`);
      const name = header[5]!;
      if (name === '[heap]') kind = 'brk';
      else if (name.startsWith('/')) kind = 'file';
      else if (name === '') {
        kind = start % ARENA_ALIGN === 0n && header[3]!.startsWith('rw') ? 'arenas' : 'anon';
        if (kind === 'arenas') out.arenaCount++;
      } else kind = 'other';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] += Number(rss[1]) / 1024;
  }
  return out;
}
