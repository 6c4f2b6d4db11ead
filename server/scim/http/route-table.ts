/**
 * A route table for the SCIM port: a handful of fixed paths (matched case-insensitively, as Express
 * did) and `:name` parameters, with 405 and an Allow header for a known path and an unknown method.
 */
import { ScimError } from '../errors.js';
import type { ScimRequest, ScimResponse, Step } from './pipeline.js';

export type Handler = (req: ScimRequest, res: ScimResponse) => void | Promise<void>;
type Methods = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>;

interface Route {
  segments: string[];
  methods: Methods;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ScimError(400, `The path segment "${segment}" has a malformed %-escape.`);
  }
}

export class RouteTable {
  private readonly routes: Route[] = [];

  /** @param base the mount path, e.g. /scim/v2 */
  constructor(private readonly base: string) {}

  add(pattern: string, methods: Methods): this {
    this.routes.push({ segments: pattern.split('/').filter(Boolean).map((s) => (s.startsWith(':') ? s : s.toLowerCase())), methods });
    return this;
  }

  /** The pipeline step: answers a matching route, or passes on (to the 404 step). */
  step(): Step {
    const basePrefix = this.base.toLowerCase();
    return (req, res, next) => {
      const lower = req.path.toLowerCase();
      if (!(lower === basePrefix || lower.startsWith(`${basePrefix}/`))) return next();
      const parts = req.path.slice(this.base.length).split('/').filter(Boolean);
      for (const route of this.routes) {
        if (route.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        const matches = route.segments.every((segment, i) => {
          if (segment.startsWith(':')) {
            params[segment.slice(1)] = decodeSegment(parts[i]!);
            return true;
          }
          return segment === parts[i]!.toLowerCase();
        });
        if (!matches) continue;
        const handler = route.methods[req.method as keyof Methods];
        if (!handler) {
          const allow = Object.keys(route.methods).join(', ');
          res.setHeader('Allow', allow);
          throw new ScimError(405, `${req.method} is not allowed here; use ${allow.split(', ').join(' or ')}.`);
        }
        req.params = params;
        return handler(req, res);
      }
      next();
    };
  }
}
