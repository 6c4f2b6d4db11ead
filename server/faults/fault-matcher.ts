/**
 * Whether a fault rule applies to a request: its match (methods, path glob, lifecycle operation,
 * client, text in the body or headers) and its timing (probability from a seeded generator, the
 * nth request, every nth, the first N). The operation and client are worked out from the request
 * alone, and only when a rule asks for them.
 */
import type { ClientKind, OperationKind } from '../contract/exchange.js';
import type { FaultMatch, FaultRule, FaultWhen } from '../contract/faults.js';

export interface RequestView {
  method: string;
  /** Path relative to the SCIM base (`/Users/abc`), or the full path outside it. */
  scimPath: string;
  fullPath: string;
  rawHeaders: string[];
  bodyText: () => string;
  /** Lifecycle label and client, computed on first use. */
  classify: () => { kind: OperationKind; client: ClientKind };
}

const globCache = new Map<string, RegExp>();

/** `*` matches any run of characters, `?` one; the rest is literal; case-insensitive, whole path. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, 'i');
    if (globCache.size > 500) globCache.clear();
    globCache.set(glob, re);
  }
  return re;
}

function operationMatches(wanted: string[], kind: string): boolean {
  return wanted.some((w) => w === '*' || w === kind || (w.endsWith('.*') && kind.startsWith(w.slice(0, -1))));
}

export function matches(match: FaultMatch, req: RequestView): boolean {
  if (match.methods?.length && !match.methods.includes(req.method)) return false;
  if (match.path !== undefined) {
    const re = globToRegExp(match.path);
    if (!re.test(req.scimPath) && !re.test(req.fullPath)) return false;
  }
  if (match.bodyContains !== undefined && !req.bodyText().toLowerCase().includes(match.bodyContains.toLowerCase())) return false;
  if (match.headerContains !== undefined) {
    const needle = match.headerContains.toLowerCase();
    let found = false;
    for (let i = 0; i + 1 < req.rawHeaders.length && !found; i += 2) found = `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`.toLowerCase().includes(needle);
    if (!found) return false;
  }
  if (match.operations?.length || match.clients?.length) {
    const { kind, client } = req.classify();
    if (match.operations?.length && !operationMatches(match.operations, kind)) return false;
    if (match.clients?.length && !match.clients.includes(client)) return false;
  }
  return true;
}


/** A stable number from a rule id, to give each rule its own sequence under one seed. */
export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Decides whether a rule that matched fires on this request. `matchedBefore` and `hitsBefore` are
 * the rule's counters before this request.
 */
export function shouldFire(when: FaultWhen, matchedBefore: number, hitsBefore: number, random: () => number): boolean {
  const n = matchedBefore + 1;
  if (when.nth !== undefined && n !== when.nth) return false;
  if (when.everyNth !== undefined && n % when.everyNth !== 0) return false;
  if (when.times !== undefined && hitsBefore >= when.times) return false;
  if (when.probability !== undefined && !(random() < when.probability)) return false;
  return true;
}

export type { FaultRule };

/** Whether any rule is on: the check every request pays, so a plain loop (no callback). */
export function anyEnabled(rules: readonly { enabled: boolean }[]): boolean {
  for (let i = 0; i < rules.length; i++) if (rules[i]!.enabled) return true;
  return false;
}
