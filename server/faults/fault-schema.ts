/**
 * Validation of fault rules as they arrive from the admin API or are read back from faults.json:
 * every field checked, with messages that say what is wrong.
 */
import { z } from 'zod';

const OPERATION = /^(connection\.test|discovery|auth\.failed|unknown|(user|group|oauth)(\.[a-z]+)*(\.\*)?|\*)$/;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value a response can carry: no control characters but tab (RFC 9110 §5.5), so nothing can split the header block. Breakpoint edits use it too. */
export const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the message: Scimscope sets them, and a fault rule or a breakpoint edit that set them would desync the IdP's connection. */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'connection', 'content-encoding', 'host']);

/** Why an error fault cannot send this header, or null when it can. */
export function unsendableHeader(name: string, value: string): string | null {
  if (FRAMING_HEADERS.has(name.toLowerCase())) return `The ${name} header frames the answer and is set by Scimscope; a fault rule cannot set it.`;
  if (!HEADER_VALUE.test(value)) return `The ${name} header's value holds a control character (CR, LF...); a header value is one line.`;
  return null;
}

const storedHeaders = z.record(z.string().regex(HEADER_NAME, 'not a valid header name'), z.string().max(2_000));
const checkedHeaders = storedHeaders.superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const why = unsendableHeader(name, value);
    if (why) ctx.addIssue({ code: 'custom', path: [name], message: why });
  }
});

function actionSchemaWith(headers: typeof storedHeaders) {
  return z.discriminatedUnion('type', [
  z.object({ type: z.literal('latency'), ms: z.number().int().min(0).max(600_000), jitterMs: z.number().int().min(0).max(600_000).optional() }).strict(),
  z
    .object({
      type: z.literal('error'),
      status: z.number().int().min(400).max(599),
      scimType: z.string().min(1).max(64).optional(),
      detail: z.string().max(2_000).optional(),
      headers: headers.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('rateLimit'),
      retryAfter: z.union([z.number().int().min(0).max(86_400), z.literal('http-date'), z.null()]),
      httpDateSeconds: z.number().int().min(0).max(86_400).optional(),
    })
    .strict(),
  z.object({ type: z.literal('drop') }).strict(),
  z.object({ type: z.literal('timeout'), maxMs: z.number().int().min(100).max(600_000).optional() }).strict(),
  z.object({ type: z.literal('malformed'), status: z.number().int().min(200).max(599).optional() }).strict(),
  z.object({ type: z.literal('emptyBody'), status: z.number().int().min(200).max(299).optional() }).strict(),
  z.object({ type: z.literal('wrongContentType'), contentType: z.string().min(1).max(200).optional() }).strict(),
]);
}

/** An action as the admin API and bundles take it: its extra headers checked (sendableHeader). */
export const actionSchema = actionSchemaWith(checkedHeaders);
/** An action as faults.json may hold it from before headers were checked; fault-actions.ts skips such headers. */
const storedActionSchema = actionSchemaWith(storedHeaders);

export const matchSchema = z
  .object({
    methods: z.array(z.string().regex(/^[A-Za-z]+$/).transform((m) => m.toUpperCase())).optional(),
    path: z.string().min(1).max(500).optional(),
    operations: z.array(z.string().regex(OPERATION, 'not an operation kind (e.g. "user.create", "group.members.*")')).optional(),
    clients: z.array(z.enum(['okta', 'entra', 'onelogin', 'jumpcloud', 'pingone', 'google', 'scimscope', 'curl', 'unknown'])).optional(),
    bodyContains: z.string().min(1).max(1_000).optional(),
    headerContains: z.string().min(1).max(1_000).optional(),
  })
  .strict();

export const whenSchema = z
  .object({
    probability: z.number().min(0).max(1).optional(),
    nth: z.number().int().min(1).optional(),
    everyNth: z.number().int().min(1).optional(),
    times: z.number().int().min(1).optional(),
  })
  .strict();

/** A rule's fields around its action (checked as the admin API takes it, or as faults.json may hold it). */
const ruleFields = <A extends z.ZodType>(action: A) => ({
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
  /** before: the backend never sees the request; after: it has applied it, and the client is told otherwise. */
  phase: z.enum(['before', 'after']).default('before'),
  match: matchSchema.default({}),
  when: whenSchema.default({}),
  action,
  preset: z.string().optional(),
});

/** A rule as the admin API accepts it (id and counters are the server's). */
export const ruleInputSchema = z.object(ruleFields(actionSchema)).strict();

export type RuleInput = z.infer<typeof ruleInputSchema>;

/** A rule as a lab bundle carries it: its definition and id, without counters (server/bundles/). */
export const bundledRuleSchema = ruleInputSchema.extend({ id: z.string().min(1).max(200) }).strict();

/** A rule as stored in faults.json. */
export const storedRuleSchema = z.object(ruleFields(storedActionSchema)).strict().extend({
  id: z.string().min(1),
  matched: z.number().int().min(0).default(0),
  hits: z.number().int().min(0).default(0),
  lastHitAt: z.string().nullable().default(null),
});

export const faultsFileSchema = z.object({ version: z.literal(1), rules: z.array(storedRuleSchema) });
