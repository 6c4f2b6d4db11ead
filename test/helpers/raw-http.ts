/** A raw HTTP request that reports socket errors and timings, for faults that drop or hold connections. */
import http from 'node:http';

export interface RawResult {
  status: number | null;
  headers: http.IncomingHttpHeaders;
  body: string;
  error: string | null;
  elapsedMs: number;
}

export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; giveUpAfterMs?: number } = {}): Promise<RawResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? null, headers: res.headers, body, error: null, elapsedMs: performance.now() - started }));
      res.on('error', (e) => resolve({ status: res.statusCode ?? null, headers: res.headers, body, error: e.message, elapsedMs: performance.now() - started }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: null, headers: {}, body: '', error: e.code ?? e.message, elapsedMs: performance.now() - started }));
    if (options.giveUpAfterMs !== undefined) req.setTimeout(options.giveUpAfterMs, () => req.destroy(Object.assign(new Error('gave up'), { code: 'CLIENT_GAVE_UP' })));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
