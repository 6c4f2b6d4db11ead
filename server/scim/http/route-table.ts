/**
 * A route table for the SCIM port: a handful of fixed paths (matched case-insensitively, as Express
 * did) and `:name` parameters, with 405 and an Allow header for a known path and an unknown method.
 * Routes are compiled when added (segments lower-cased, parameter names and the Allow header worked
 * out once), so a request splits its path once and allocates nothing for the routes it does not match.
 */
import { ScimError } from '../errors.js';
import type { ScimRequest, ScimResponse, Step } from './pipeline.js';

export type Handler = (req: ScimRequest, res: ScimResponse) => void | Promise<void>;
type Methods = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>;

interface Route {
  /** Per segment: the lower-cased literal, or null for a parameter. */
  literals: (string | null)[];
  /** Per segment: the parameter's name, or null for a literal. */
  names: (string | null)[];
  methods: Methods;
  allow: string;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ScimError(400, `The path segment "${segment}" has a malformed %-escape.`);
  }
}

/** The path's segments after the base, empty ones dropped (`//Users/` is `/Users`). */
function segmentsOf(path: string, from: number): string[] {
  const parts: string[] = [];
  let start = from;
  for (let i = from; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 47 /* / */) {
      if (i > start) parts.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return parts;
}

/** Matches `parts` against a route, segment by segment in order (a parameter is decoded when reached); null when it does not match. */
function match(route: Route, parts: string[]): Record<string, string> | null {
  let params: Record<string, string> | null = null;
  for (let i = 0; i < parts.length; i++) {
    const literal = route.literals[i];
    if (literal === null) {
      params ??= {};
      params[route.names[i]!] = decodeSegment(parts[i]!);
    } else if (literal !== parts[i]!.toLowerCase()) return null;
  }
  return params ?? {};
}

export class RouteTable {
  private readonly routes: Route[] = [];

  /** @param base the mount path, e.g. /scim/v2 */
  constructor(private readonly base: string) {}

  add(pattern: string, methods: Methods): this {
    const segments = pattern.split('/').filter(Boolean);
    this.routes.push({
      literals: segments.map((s) => (s.startsWith(':') ? null : s.toLowerCase())),
      names: segments.map((s) => (s.startsWith(':') ? s.slice(1) : null)),
      methods,
      allow: Object.keys(methods).join(', '),
    });
    return this;
  }

  /** The pipeline step: answers a matching route; otherwise `otherwise` answers (the SCIM 404), or, without it, the request passes on. */
  step(otherwise?: Handler): Step {
    const basePrefix = this.base.toLowerCase();
    const baseLength = this.base.length;
    const routes = this.routes;
    return (req, res, next) => {
      const path = req.path;
      // Under the base: the base itself, or the base and a slash (case-insensitively).
      if (path.length < baseLength || (path.length > baseLength && path.charCodeAt(baseLength) !== 47) || path.slice(0, baseLength).toLowerCase() !== basePrefix) {
        return otherwise ? otherwise(req, res) : next();
      }
      const parts = segmentsOf(path, baseLength);
      for (const route of routes) {
        if (route.literals.length !== parts.length) continue;
        const params = match(route, parts);
        if (params === null) continue;
        const handler = route.methods[req.method as keyof Methods];
        if (!handler) {
          res.setHeader('Allow', route.allow);
          throw new ScimError(405, `${req.method} is not allowed here; use ${route.allow.split(', ').join(' or ')}.`);
        }
        req.params = params;
        return handler(req, res);
      }
      return otherwise ? otherwise(req, res) : next();
    };
  }
}
