/**
 * Fresh names for each played scenario. The recorded request shapes carry the names of their
 * sources (`test.user@okta.local`, Microsoft's `Test_User_00aa…`); a second play against the same
 * server would collide with the first. Each run swaps those identities for its own, in string
 * values, quoted filter values and check values only (never in JSON keys), so the shapes stay
 * exactly as recorded.
 */
import crypto from 'node:crypto';

/** The identities in request-shapes.ts, and how each run renames them. */
function identityPairs(run: string): Array<[from: string, to: string]> {
  const uuid = () => crypto.randomUUID();
  return [
    // Okta (Okta SCIM 2.0 reference examples)
    ['test.user@okta.local', `test.user.${run}@okta.local`],
    ['Test SCIMv20', `Test SCIMv2 ${run} renamed`],
    ['Test SCIMv2', `Test SCIMv2 ${run}`],
    ['00ujl29u0le5T6Aj10h7', `00u${run}Okta0000`],
    // Entra ID (Microsoft's tutorial examples)
    ['Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee', `Test_User_${uuid()}`],
    ['Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com', `Test_User_${uuid()}@testuser.com`],
    ['0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef', uuid()],
    ['jyoung@testuser.com', `jyoung.${run}@testuser.com`],
    ['jyoung', `jyoung.${run}`],
    ['8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', uuid()],
    ['1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName', `${uuid()}updatedDisplayName`],
    ['displayName', `Group ${run}`],
  ];
}

/** Values only replaced whole: they are also ordinary words or prefixes of other values. */
const WHOLE_ONLY = new Set(['displayName', 'jyoung', 'Test SCIMv2', 'Test SCIMv20']);

export class RunIdentities {
  readonly run: string;
  private readonly pairs: Array<[string, string]>;

  constructor(run = crypto.randomBytes(3).toString('hex')) {
    this.run = run;
    this.pairs = identityPairs(run);
  }

  /** A string value: replaced whole, or (for distinctive identities) wherever it occurs. */
  text(value: string): string {
    for (const [from, to] of this.pairs) {
      if (value === from) return to;
    }
    let out = value;
    for (const [from, to] of this.pairs) if (!WHOLE_ONLY.has(from) && out.includes(from)) out = out.split(from).join(to);
    return out;
  }

  /** Every string value of a JSON value; keys, and PATCH `op`/`path` members (they name attributes), untouched. */
  value(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = k === 'path' || k === 'op' ? v : this.value(v);
      return out;
    }
    return value;
  }

  /** A request target: quoted filter values, percent- or form-encoded (`%22test.user%40okta.local%22`). */
  path(path: string): string {
    let out = path;
    for (const [from, to] of this.pairs) {
      for (const encode of [encodeURIComponent, (v: string) => encodeURIComponent(v).replace(/%20/g, '+')]) {
        const quoted = `%22${encode(from)}%22`;
        if (out.includes(quoted)) out = out.split(quoted).join(`%22${encode(to)}%22`);
      }
    }
    return out;
  }
}
