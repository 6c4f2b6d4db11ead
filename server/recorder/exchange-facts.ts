/**
 * What the recorder's interpretation reads about one exchange (the request, the response, the store
 * changes), in one type of its own so the client detector, the classifier, the summaries and the lint
 * rules can all read it without importing one another.
 */
import type { ResourceChange } from '../contract/store.js';

export interface ExchangeFacts {
  method: string;                 // upper-case
  /** Path relative to the SCIM base path, e.g. '/Users', '/Users/abc', '/Groups/.search', '/ServiceProviderConfig'; null when the request was outside the base path. */
  scimPath: string | null;
  query: Record<string, string>;  // raw query parameters as sent (keys as sent)
  headers: Record<string, string>; // lower-cased header names
  body: unknown;                  // parsed JSON request body, or undefined
  status: number;                 // response status, 0 when none was sent (dropped/aborted)
  responseBody: unknown;          // parsed JSON response body or undefined
  resourceType: 'User' | 'Group' | null;
  resourceId: string | null;
  changes: ResourceChange[];      // store before/after of each resource the request changed
  /** Reads the current view of a resource (for naming it in summaries); may return undefined. */
  lookup: (type: 'User' | 'Group', id: string) => Record<string, unknown> | undefined;
  authFailed: boolean;            // true when rejected by authentication (401)
  error: { status: number; scimType?: string; detail: string } | null;
  /** The query string as received (after "?", undecoded): shows how the client encoded its filter. */
  rawQuery?: string;
  /** The full request path, for requests outside the base path. */
  path?: string;
  /** Response headers, lower-cased names. */
  responseHeaders?: Record<string, string>;
}
