/**
 * SCIM resource shapes shared by the server, the renderer and the Electron shell.
 * Type-only: import with `import type` so no runtime code crosses the boundary.
 */

export type ResourceTypeName = 'User' | 'Group';

/** Any JSON value, as SCIM bodies are plain JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ScimMeta {
  resourceType: ResourceTypeName;
  created: string;
  lastModified: string;
  /** Added when rendered for a client; not stored (it depends on the base URL the client used). */
  location?: string;
  version: string;
}

/** A stored SCIM resource: the full representation (minus write-only and derived attributes). */
export interface ScimResource extends JsonObject {
  schemas: string[];
  id: string;
  // meta is always present on stored resources; typed loosely to stay a JsonObject.
  meta: ScimMeta & JsonObject;
}

export interface ScimErrorBody {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'];
  status: string;
  scimType?: string;
  detail?: string;
}

/** A leniency the server applied to accept what a real IdP sent; the recorder turns these into lint. */
export interface Leniency {
  code: string;
  /** What was sent, quoted from the request (short). */
  sent: string;
  /** What the server stored or did instead. */
  normalized: string;
}
