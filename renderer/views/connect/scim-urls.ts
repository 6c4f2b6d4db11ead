/** The two URL rules the Connect view and its tests share: which SCIM base a public origin stands for, and what counts as an http(s) URL. */

/** The SCIM base a public origin stands for (the server's rule: add /scim/v2 unless present). */
export function publicScimUrl(configured: string | null | undefined): string | null {
  if (!configured) return null;
  const trimmed = configured.replace(/\/+$/, '');
  return /\/scim\/v2$/i.test(trimmed) ? trimmed : `${trimmed}/scim/v2`;
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
