/**
 * The figures every bench reports: the median with its spread, and a process's CPU time per thread
 * from /proc (main thread, recording worker, V8's helper threads). One definition, so two benches
 * never compute "the median" or "CPU ticks" differently.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The median (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** "median (min–max)", each formatted by `f`. */
export function spread(xs: readonly number[], f: (v: number) => string): string {
  return `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
}

export interface ThreadStat {
  /** The thread's name (comm): `node` for the main thread, `node` or a V8/libuv name for others. */
  name: string;
  /** User + system CPU time in clock ticks (1/100 s on Linux). */
  ticks: number;
  voluntary: number;
  involuntary: number;
}

/** Microseconds per clock tick of /proc's stat (USER_HZ is 100 on Linux). */
export const TICK_US = 1e6 / 100;

/** CPU time per thread of a process, by thread id; threads that end while being read are left out. */
export function threadStats(pid: number, withSwitches = false): Map<number, ThreadStat> {
  const out = new Map<number, ThreadStat>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const status = withSwitches ? readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8') : '';
      out.set(Number(tid), {
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        ticks: Number(fields[11]) + Number(fields[12]),
        voluntary: withSwitches ? Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)![1]) : 0,
        involuntary: withSwitches ? Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(status)![1]) : 0,
      });
    } catch {
      // the thread ended
    }
  }
  return out;
}

/**
 * CPU time per thread of a process in nanoseconds (/proc/<pid>/task/<tid>/schedstat's first field),
 * by thread id: finer than `threadStats`' clock ticks, for in-process benches that read a few seconds
 * of one thread. Threads that end while being read are left out.
 */
export function threadNs(pid = process.pid): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(Number(tid), Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // the thread ended
    }
  }
  return out;
}
