/**
 * What one SCIM request learns while it is served, kept on `res.locals` for the recorder:
 * the leniencies applied to accept what the client sent, the store changes it made, and the
 * resource it concerned. Handlers add to it; the recorder reads it when the response ends.
 */
import type { ScimResponse } from './http/pipeline.js';
import type { Leniency, ResourceTypeName } from '../contract/scim.js';
import type { ResourceChange } from '../contract/store.js';

export interface RequestContext {
  /** The SCIM base URL as this client reached it (local or through a tunnel). */
  baseUrl: string;
  leniencies: Leniency[];
  changes: ResourceChange[];
  omittedChanges: number;
  resourceType: ResourceTypeName | null;
  resourceId: string | null;
  /** The request body parsed as JSON (undefined when there was none). */
  body: unknown;
  /** Raw request body bytes as received (bounded by the body limit). */
  rawBody: Buffer | null;
  /** Chunks received so far, for a body the client abandoned before its end. */
  bodyChunks: Buffer[];
  /** Bytes of body received, kept or not (a body over the limit is read on and thrown away). */
  receivedBytes: number;
  /** Set by the error handler when the response is a SCIM error. */
  error: { status: number; scimType?: string; detail: string } | null;
  /** The exchange id the recorder assigned, for linking store changes to traffic. */
  exchangeId: string | null;
}

export function newRequestContext(baseUrl: string): RequestContext {
  return { baseUrl, leniencies: [], changes: [], omittedChanges: 0, resourceType: null, resourceId: null, body: undefined, rawBody: null, bodyChunks: [], receivedBytes: 0, error: null, exchangeId: null };
}

export function contextOf(res: ScimResponse): RequestContext {
  const ctx = res.locals.scim as RequestContext | undefined;
  if (!ctx) throw new Error('request context missing: the context middleware must run first');
  return ctx;
}
