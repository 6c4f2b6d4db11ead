/** Parses xsd:dateTime values into comparable instants, so filters compare timestamps by time, not by text. */

/** A point in time with nanosecond resolution: clients send 0 to 7+ fraction digits and any offset. */
export interface Instant {
  /** Whole seconds since the Unix epoch. */
  seconds: number;
  /** Nanoseconds past `seconds` (fraction digits beyond nine are truncated). */
  nanos: number;
}

const DATE_TIME = /^(\d{4,})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DATE_ONLY = /^(\d{4,})-(\d{2})-(\d{2})$/;

/** Seconds east of UTC for `Z`, `+02:00`, `-0530`; no designator means UTC. */
function offsetSeconds(designator: string | undefined): number {
  if (designator === undefined || designator.toUpperCase() === 'Z') return 0;
  const sign = designator.startsWith('-') ? -1 : 1;
  const digits = designator.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60);
}

/** Epoch seconds of a UTC calendar time, or null when a field is out of range (e.g. February 30). */
function epochSeconds(fields: number[]): number | null {
  const [year, month, day, hour = 0, minute = 0, second = 0] = fields as [number, number, number, number?, number?, number?];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.getTime() / 1000;
}

/**
 * Parses `2011-05-13T04:42:34Z`, `2011-05-13T04:42:34.1234567+02:00`, or a bare date (midnight UTC).
 * A dateTime without an offset is taken as UTC. Returns null for anything else.
 */
export function parseDateTime(text: string): Instant | null {
  const full = DATE_TIME.exec(text.trim());
  if (full) {
    const [, y, mo, d, h, mi, s, fraction, zone] = full;
    const seconds = epochSeconds([y, mo, d, h, mi, s].map(Number));
    if (seconds === null) return null;
    const nanos = Number((fraction ?? '').padEnd(9, '0').slice(0, 9));
    return { seconds: seconds - offsetSeconds(zone), nanos };
  }
  const dateOnly = DATE_ONLY.exec(text.trim());
  if (!dateOnly) return null;
  const seconds = epochSeconds(dateOnly.slice(1, 4).map(Number));
  return seconds === null ? null : { seconds, nanos: 0 };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}
