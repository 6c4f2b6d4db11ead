/**
 * A WebSocket client for the admin API's live events in tests: keeps every message, waits for the
 * one a test needs (no sleeps), and turns a refused upgrade into "refused with <status> <code>".
 */
import WebSocket from 'ws';

export interface OpenSocket {
  ws: WebSocket;
  messages: any[];
  next: (test: (m: any) => boolean) => Promise<any>;
  closed: Promise<number>;
}

/** Opens a WebSocket; rejects with "refused with <status> <code>" when the server refuses the upgrade. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: any[] = [];
    const waiters: { test: (m: any) => boolean; resolve: (m: any) => void }[] = [];
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      messages.push(m);
      for (const w of [...waiters])
        if (w.test(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
    });
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next: (test) => {
          const found = messages.find(test);
          return found ? Promise.resolve(found) : new Promise((r) => waiters.push({ test, resolve: r }));
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(new Error(`refused with ${res.statusCode} ${(JSON.parse(body) as { error: { code?: string } }).error.code ?? ''}`)));
    });
    ws.once('error', reject);
  });
}

/** Exchange summaries a socket has received so far (hello and batches). */
