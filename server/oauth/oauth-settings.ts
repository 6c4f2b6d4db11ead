/**
 * The OAuth part of the settings as the admin API shows and edits it: the client secret never
 * appears in GET /api/settings (only whether it is set), and an edit is validated here so a bad
 * redirect URI or lifetime is refused with a clear message before anything is saved.
 */
import { z } from 'zod';
import type { OAuthSettings } from '../contract/settings.js';

export function publicOAuth(oauth: OAuthSettings): Omit<OAuthSettings, 'clientSecret'> & { clientSecretSet: boolean } {
  const { clientSecret, ...rest } = oauth;
  return { ...rest, redirectUris: [...rest.redirectUris], clientSecretSet: clientSecret.length > 0 };
}

const redirectUri = z
  .string()
  .url('A redirect URI must be an absolute URL.')
  .refine((u) => !u.includes('#'), 'A redirect URI must not contain a fragment (RFC 6749 §3.1.2).');

export const oauthSettingsPatch = z
  .object({
    clientId: z.string().min(8, 'A client ID needs at least 8 characters.').max(256).regex(/^[\x21-\x7e]+$/, 'A client ID is printable ASCII without spaces.'),
    clientSecret: z.string().min(16, 'A client secret needs at least 16 characters.').max(512),
    redirectUris: z.array(redirectUri).max(20),
    accessTokenTtlSeconds: z.number().int().min(1, 'The lifetime is at least 1 second.').max(30 * 24 * 3600),
    requirePkce: z.boolean(),
  })
  .partial()
  .strict();
