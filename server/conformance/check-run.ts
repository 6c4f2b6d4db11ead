/**
 * What a conformance check is and the small API it runs against: send a request (recorded for the
 * report), state an expectation (a failed one ends the check with what was expected and what came
 * back), skip with a reason, and share fixtures (one test user, one group) between checks of a run.
 */
import type { CheckLevel, CheckSource, ExchangeRecord, ProfileId } from './report-model.js';
import type { ScimClient, ScimResponse, SendOptions } from './scim-client.js';

export interface Check {
  /** Stable id, e.g. "rfc.list.empty-filter". */
  id: string;
  title: string;
  level: CheckLevel;
  source: CheckSource;
  /** What the check requires, in words (shown when it fails). */
  expected: string;
  run(t: CheckRun): Promise<void>;
}

export interface ProfileDefinition {
  id: ProfileId;
  title: string;
  checks: Check[];
}

/** Thrown by `expect` when a requirement is not met. */
export class CheckFailed extends Error {
  constructor(
    readonly actual: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by `skip`. */
export class CheckSkipped extends Error {}

export interface RunFixtures {
  /** A unique name prefix for everything this run creates. */
  prefix: string;
  /** Lazily created once per run and shared (checks must not change it). */
  user(): Promise<{ id: string; userName: string; body: any }>;
  group(): Promise<{ id: string; displayName: string; body: any } | null>;
  /** GET /ServiceProviderConfig, once per run (null when it is not served). */
  serviceProviderConfig(): Promise<any | null>;
  /** Per-run state shared by the steps of one sequence (a recorded IdP sequence's variables). */
  state: Map<string, unknown>;
}

export class CheckRun {
  readonly exchanges: ExchangeRecord[] = [];

  constructor(
    readonly client: ScimClient,
    readonly fixtures: RunFixtures,
  ) {}

  async send(method: string, path: string, options?: SendOptions): Promise<ScimResponse> {
    try {
      const response = await this.client.send(method, path, options);
      this.exchanges.push(response.record);
      return response;
    } catch (error) {
      const record = (error as { record?: ExchangeRecord }).record;
      if (record) this.exchanges.push(record);
      throw error;
    }
  }

  /** Fails the check unless `condition` holds. `actual` says what came back. */
  expect(condition: boolean, actual: string | (() => string), message: string): void {
    if (!condition) throw new CheckFailed(typeof actual === 'function' ? actual() : actual, message);
  }

  /** Status check with the body's detail in the message. */
  expectStatus(response: ScimResponse, expected: number | number[], what: string): void {
    const allowed = Array.isArray(expected) ? expected : [expected];
    this.expect(allowed.includes(response.status), () => describeResponse(response), `${what}: expected HTTP ${allowed.join(' or ')}, got ${response.status}.`);
  }

  skip(reason: string): never {
    throw new CheckSkipped(reason);
  }

  /** A unique user body for this run (not yet sent). */
  newUser(tag: string, extra: Record<string, unknown> = {}): { schemas: string[]; userName: string; [k: string]: unknown } {
    const userName = `${this.fixtures.prefix}-${tag}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    return {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      name: { givenName: 'Conformance', familyName: tag },
      emails: [{ primary: true, type: 'work', value: userName }],
      displayName: `Conformance ${tag}`,
      active: true,
      ...extra,
    };
  }
}

/** "HTTP 404, application/json: {...}" (cut) for failure messages. */
export function describeResponse(response: ScimResponse): string {
  const type = response.headers['content-type'] ?? 'no Content-Type';
  const text = response.text.length > 300 ? `${response.text.slice(0, 300)}…` : response.text;
  return `HTTP ${response.status}, ${type}${text ? `: ${text}` : ', empty body'}`;
}

export const SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/** Percent-encoded filter query value. */
export function filterQuery(filter: string): string {
  return `filter=${encodeURIComponent(filter)}`;
}
