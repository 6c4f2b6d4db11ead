/**
 * The CLI's proxy-mode flags (`--upstream URL`, `--upstream-token T`, `--upstream-header "Name:
 * value"`, `--upstream-pass-through`, `--upstream-insecure`) turned into this run's upstream
 * settings, with a clear message for each mistake. Kept here so cli.ts only lists the flags.
 */
import type { UpstreamSettings } from '../contract/settings.js';
import { upstreamUrlSchema } from '../config/settings-file.js';

export const UPSTREAM_OPTIONS = {
  upstream: { type: 'string' },
  'upstream-token': { type: 'string' },
  'upstream-header': { type: 'string' },
  'upstream-pass-through': { type: 'boolean', default: false },
  'upstream-insecure': { type: 'boolean', default: false },
} as const;

export const UPSTREAM_USAGE = `  --upstream URL        Proxy mode: forward SCIM traffic to your own SCIM server at URL (its base, e.g. http://localhost:3000/scim/v2)
  --upstream-token T    Send "Authorization: Bearer T" to the upstream (the IdP keeps Scimscope's token)
  --upstream-header H   Send the header "Name: value" to the upstream instead
  --upstream-pass-through  Forward the IdP's own Authorization to the upstream
  --upstream-insecure   Accept a self-signed certificate from an https upstream`;

export interface UpstreamFlagValues {
  upstream?: string;
  'upstream-token'?: string;
  'upstream-header'?: string;
  'upstream-pass-through'?: boolean;
  'upstream-insecure'?: boolean;
}

/** This run's upstream settings, or undefined when no flag was given. Throws an Error with the message for the user. */
export function upstreamFromFlags(values: UpstreamFlagValues): Partial<UpstreamSettings> | undefined {
  const { upstream: url, 'upstream-token': token, 'upstream-header': header } = values;
  const passThrough = values['upstream-pass-through'] === true;
  const insecure = values['upstream-insecure'] === true;
  if (url === undefined) {
    if (token !== undefined || header !== undefined || passThrough || insecure) throw new Error('--upstream-token, --upstream-header, --upstream-pass-through and --upstream-insecure need --upstream URL.');
    return undefined;
  }
  const parsed = upstreamUrlSchema.safeParse(url);
  if (!parsed.success) throw new Error(`--upstream must be an http:// or https:// URL without credentials, not "${url}" (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
  if ([token !== undefined, header !== undefined, passThrough].filter(Boolean).length > 1) throw new Error('Give only one of --upstream-token, --upstream-header and --upstream-pass-through.');
  const out: Partial<UpstreamSettings> = { url, insecure };
  if (token !== undefined) Object.assign(out, { auth: 'token', token });
  else if (header !== undefined) {
    const colon = header.indexOf(':');
    const name = colon > 0 ? header.slice(0, colon).trim() : '';
    const value = colon > 0 ? header.slice(colon + 1).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || value === '') throw new Error(`--upstream-header takes "Name: value", not "${header}".`);
    Object.assign(out, { auth: 'header', headerName: name, token: value });
  } else if (passThrough) out.auth = 'passThrough';
  return out;
}
