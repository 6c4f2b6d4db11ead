/**
 * settings.json in the data folder: the SCIM credentials Okta is configured with (generated on first
 * run and kept, so restarts do not break the integration), the admin token, and the user's choices.
 * Validated on read; a file that does not validate is reported and left untouched.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { Settings } from '../contract/settings.js';
import { writeFileAtomic } from './atomic-write.js';
import { readValidatedJson } from './validated-json.js';

export const SETTINGS_FILE = 'settings.json';

/** Resource-history entries a workspace keeps unless told otherwise (`recording.historyCap`): ~220 bytes of memory each. */
export const DEFAULT_HISTORY_CAP = 20_000;
export const historyCapSchema = z.number().int().min(100, 'Keep at least 100 history entries.').max(1_000_000, 'Keep at most 1,000,000 history entries.');

/** A random URL-safe secret with the given prefix, so tokens are recognisable in a paste. */
export function generateToken(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(24).toString('base64url')}`;
}

/**
 * The callback URLs Okta and Entra send the admin's browser back to, pre-filled so the admin only
 * edits Okta's app name. Okta: "Okta requires that all SCIM applications support the following
 * redirect URIs: https://system-admin.okta.com/admin/app/cpc/${appName}/oauth/callback ..."
 * (https://developer.okta.com/docs/guides/scim-provisioning-integration-prepare/main/#authentication).
 * Entra gallery apps: the authorization request carries redirect_uri=https://portal.azure.com/TokenAuthorize
 * (https://learn.microsoft.com/en-us/entra/identity/saas-apps/amazon-business-provisioning-tutorial).
 */
export const DEFAULT_REDIRECT_URIS = ['https://system-admin.okta.com/admin/app/cpc/${appName}/oauth/callback', 'https://portal.azure.com/TokenAuthorize'];

export const oauthSchema = z.object({
  clientId: z.string().min(8).default(() => `scimscope-${crypto.randomBytes(6).toString('hex')}`),
  clientSecret: z.string().min(16).default(() => generateToken('cs')),
  redirectUris: z.array(z.string().url()).max(20).default(() => [...DEFAULT_REDIRECT_URIS]),
  accessTokenTtlSeconds: z.number().int().min(1).max(30 * 24 * 3600).default(3600),
  requirePkce: z.boolean().default(false),
});

const quirksSchema = z.object({
  duplicateAs400: z.boolean().default(false),
  conflictWithoutScimType: z.boolean().default(false),
  rejectMembersReplace: z.boolean().default(false),
  ignoreExcludedAttributes: z.boolean().default(false),
  plainJsonContentType: z.boolean().default(false),
  zeroBasedStartIndex: z.boolean().default(false),
  stringTotalResults: z.boolean().default(false),
});

/** A URL Scimscope can forward to: http or https, no credentials in it. */
export const upstreamUrlSchema = z
  .string()
  .url()
  .refine((u) => /^https?:$/.test(parsedUrl(u)?.protocol ?? ''), 'The upstream URL must start with http:// or https://.')
  .refine((u) => parsedUrl(u)?.username === '' && parsedUrl(u)?.password === '', 'Put the upstream credential in the token, not in the URL.');

function parsedUrl(u: string): URL | null {
  try {
    return new URL(u);
  } catch {
    return null;
  }
}

const upstreamSchema = z.object({
  url: upstreamUrlSchema.nullable().default(null),
  auth: z.enum(['token', 'header', 'passThrough', 'none']).default('token'),
  token: z.string().min(1).nullable().default(null),
  headerName: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/).default('Authorization'),
  insecure: z.boolean().default(false),
  connectTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  responseTimeoutMs: z.number().int().min(100).max(600_000).default(60_000),
});

export const settingsSchema = z.object({
  auth: z.object({
    mode: z.enum(['bearer', 'header', 'basic', 'none', 'oauth']).default('bearer'),
    token: z.string().min(1).default(() => generateToken('scim')),
    basic: z.object({ username: z.string().min(1).default('okta'), password: z.string().min(1).default(() => generateToken('pw')) }).prefault({}),
    oauth: oauthSchema.prefault({}),
  }).prefault({}),
  recording: z
    .object({
      enabled: z.boolean().default(true),
      retention: z.number().int().min(100).max(1_000_000).default(100_000),
      maxBodyBytes: z.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
      historyCap: historyCapSchema.default(DEFAULT_HISTORY_CAP),
    })
    .prefault({}),
  quirks: quirksSchema.prefault({}),
  faults: z.object({ seed: z.number().int().nullable().default(null) }).prefault({}),
  tunnel: z
    .object({
      publicUrl: z.string().url().nullable().default(null),
      ngrokAuthtoken: z.string().nullable().default(null),
      ngrokDomain: z.string().nullable().default(null),
    })
    .prefault({}),
  patchReturnsResource: z.boolean().default(true),
  upstream: upstreamSchema.prefault({}),
});

const fileSchema = z.object({
  version: z.literal(1).default(1),
  adminToken: z.string().min(16).default(() => generateToken('admin')),
  settings: settingsSchema.prefault({}),
});

export type SettingsFileData = z.infer<typeof fileSchema>;

export interface LoadedSettings {
  file: string;
  adminToken: string;
  settings: Settings;
  /** True when the file did not exist and was just created (first run). */
  created: boolean;
}

export async function loadSettings(dir: string): Promise<LoadedSettings> {
  const file = path.join(dir, SETTINGS_FILE);
  const read = await readValidatedJson(file, fileSchema, 'SETTINGS_CORRUPT');
  const data = read?.data ?? fileSchema.parse({});
  // Write back when created or when defaults filled gaps, so the generated token is kept.
  if (!read || JSON.stringify(read.raw) !== JSON.stringify(data)) await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`);
  return { file, adminToken: data.adminToken, settings: data.settings, created: read === null };
}

export async function saveSettings(file: string, adminToken: string, settings: Settings): Promise<void> {
  const data: SettingsFileData = { version: 1, adminToken, settings };
  await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`);
}
