/**
 * The lab bundle: one JSON file a trainer prepares once and hands out, holding a workspace's
 * directory, fault rules and settings, and optionally its traffic as HAR. It never carries a secret:
 * no SCIM token, no Basic password, no OAuth client (id or secret), no tunnel or upstream token, no
 * admin token, and no password hashes (they may come from a real IdP's users). Versioned; a bundle
 * from a newer Scimscope is refused with the versions named, and anything else that does not match
 * the schema is refused naming the first problem, before anything is changed.
 */
import { z } from 'zod';
import { AppError } from '../app-errors.js';
import { packageVersion } from '../config/data-paths.js';
import { historyCapSchema, upstreamUrlSchema } from '../config/settings-file.js';
import { bundledRuleSchema } from '../faults/fault-schema.js';
import { checkDirectory, type Directory } from '../snapshots/snapshot-format.js';

export const BUNDLE_FORMAT = 'scimscope-lab';
export const BUNDLE_VERSION = 1;

/** The settings a bundle carries: every choice, no credential (see the module comment). */
export const portableSettingsSchema = z
  .object({
    auth: z
      .object({
        mode: z.enum(['bearer', 'header', 'basic', 'none', 'oauth']),
        basic: z.object({ username: z.string().min(1).max(256) }).strict(),
        oauth: z.object({ redirectUris: z.array(z.string().url()).max(20), accessTokenTtlSeconds: z.number().int().min(1).max(30 * 24 * 3600), requirePkce: z.boolean() }).strict(),
      })
      .strict(),
    // historyCap is absent from bundles written before it was a setting.
    recording: z.object({ enabled: z.boolean(), retention: z.number().int().min(100).max(1_000_000), maxBodyBytes: z.number().int().min(1024).max(10 * 1024 * 1024), historyCap: historyCapSchema.optional() }).strict(),
    quirks: z.record(z.string(), z.boolean()),
    faults: z.object({ seed: z.number().int().nullable() }).strict(),
    patchReturnsResource: z.boolean(),
    upstream: z
      .object({
        url: upstreamUrlSchema.nullable(),
        auth: z.enum(['token', 'header', 'passThrough', 'none']),
        headerName: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/),
        insecure: z.boolean(),
        connectTimeoutMs: z.number().int().min(100).max(120_000),
        responseTimeoutMs: z.number().int().min(100).max(600_000),
      })
      .strict(),
  })
  .strict();

export type PortableSettings = z.infer<typeof portableSettingsSchema>;

const harSchema = z.object({ log: z.object({ version: z.string(), entries: z.array(z.looseObject({})) }).loose() }).loose();

export const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    exportedAt: z.string(),
    /** The Scimscope version that wrote it. */
    scimscope: z.string(),
    /** The workspace it was exported from (informative). */
    workspace: z.string().max(100).optional(),
    directory: z.unknown(),
    faults: z.object({ rules: z.array(bundledRuleSchema).max(1000) }).strict(),
    settings: portableSettingsSchema,
    traffic: harSchema.nullable(),
  })
  .strict();

export interface LabBundle extends Omit<z.infer<typeof bundleSchema>, 'directory'> {
  directory: Directory;
}

const invalid = (reason: string) => new AppError('BUNDLE_INVALID', { reason });

/** A bundle from its file text or already-parsed JSON; throws BUNDLE_INVALID or BUNDLE_TOO_NEW. */
export function parseBundle(input: string | unknown): LabBundle {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      throw invalid(`it is not valid JSON (${(error as Error).message})`);
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('it is not a JSON object');
  const head = raw as Record<string, unknown>;
  if (head.format !== BUNDLE_FORMAT) throw invalid(`"format" is ${JSON.stringify(head.format) ?? 'missing'}, not "${BUNDLE_FORMAT}" (is this a Scimscope lab bundle?)`);
  if (typeof head.version !== 'number' || !Number.isInteger(head.version) || head.version < 1) throw invalid(`"version" is ${JSON.stringify(head.version) ?? 'missing'}, not a whole number`);
  if (head.version > BUNDLE_VERSION) throw new AppError('BUNDLE_TOO_NEW', { found: head.version, supported: BUNDLE_VERSION, app: packageVersion(), by: typeof head.scimscope === 'string' ? `Scimscope ${head.scimscope}` : '' });
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  let directory: Directory;
  try {
    directory = checkDirectory(parsed.data.directory, 'the bundle');
  } catch (error) {
    throw invalid(`directory.${(error as Error).message}`);
  }
  if (Object.keys(directory.secrets).length > 0) throw invalid('directory.secrets must be empty: a lab bundle carries no password hashes');
  if (new Set(parsed.data.faults.rules.map((r) => r.id)).size !== parsed.data.faults.rules.length) throw invalid('faults.rules: two rules have the same id');
  return { ...parsed.data, directory };
}
