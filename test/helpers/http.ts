/** Small HTTP client for tests: sends JSON, returns status, headers and the parsed body. */

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text when not JSON, or null when empty. */
  body: T;
  text: string;
}

export async function request<T = any>(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string | Buffer } = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let body: string | Buffer | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/scim+json';
  }
  const res = await fetch(url, { method: init.method ?? "GET", headers, body: body as BodyInit | undefined });
  const text = await res.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
