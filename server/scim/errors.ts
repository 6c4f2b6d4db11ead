/**
 * The one SCIM error type (RFC 7644 §3.12) and its serializer. Handlers throw a ScimError;
 * the app's single error handler turns it into the wire body. Pairs of status and scimType
 * that the RFC does not allow are refused at construction, so a wrong pair is a bug, not a response.
 */
import type { ScimErrorBody } from '../contract/scim.js';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error' as const;

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** The status each scimType belongs to in RFC 7644 Table 9. */
const STATUS_OF: Record<ScimType, number> = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 403,
};

export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, scimType?: ScimType, headers: Record<string, string> = {}) {
    // SCIM errors are answers, not bugs: capturing a stack trace for each (a 404 per unknown id) costs
    // more than the rest of the request, and nobody reads it.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = limit;
    this.name = 'ScimError';
    if (scimType !== undefined && STATUS_OF[scimType] !== status) {
      throw new TypeError(`scimType "${scimType}" belongs with status ${STATUS_OF[scimType]}, not ${status}`);
    }
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new TypeError(`not an error status: ${status}`);
    this.status = status;
    this.scimType = scimType;
    this.headers = headers;
  }

  get detail(): string {
    return this.message;
  }

  toJSON(): ScimErrorBody {
    return errorBody(this.status, this.message, this.scimType);
  }
}

/** Builds an error body; also used by the fault engine, which may send deliberately odd pairs. */
export function errorBody(status: number, detail: string | undefined, scimType?: string): ScimErrorBody {
  const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(status) };
  if (scimType) body.scimType = scimType;
  if (detail !== undefined) body.detail = detail;
  return body;
}

/** Shorthands for the errors handlers raise most. */
export const badRequest = (scimType: Exclude<ScimType, 'uniqueness' | 'sensitive'>, detail: string) => new ScimError(400, detail, scimType);
export const notFound = (detail: string) => new ScimError(404, detail);
export const conflict = (detail: string) => new ScimError(409, detail, 'uniqueness');
