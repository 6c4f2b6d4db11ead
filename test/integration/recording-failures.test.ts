/**
 * Recording never loses an exchange. When interpretation throws, on the main thread (capture) or in the
 * recording worker (an injected failing interpreter), the exchange is recorded with what is known
 * (method, path, status, timing, sizes, the raw body cut at the limit, secrets redacted) and a lint
 * entry saying interpretation failed and why; on disk too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExchangeFileWriter } from '../../server/recorder/exchange-file.js';
import { ExchangeLog } from '../../server/recorder/exchange-log.js';
import { INTERPRETATION_FAILED, recordBatch } from '../../server/recorder/record-processing.js';
import type { CapturedExchange } from '../../server/recorder/recording-wire.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb?.close());
afterEach(() => vi.restoreAllMocks());

describe('an exchange whose capture throws on the main thread', () => {
  it('is recorded with what is known and a lint entry saying why', async () => {
    vi.spyOn(sb.sandbox.exchanges, 'nextSeq').mockImplementationOnce(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const recorded = nextExchanges(sb.sandbox, 1);
    const body = { schemas: [USER], userName: 'capture.fails@example.com', password: 'Sup3r-secret-pw' };
    const res = await sb.scim('POST', '/Users', { body });
    expect(res.status).toBe(201);
    const [summary] = await recorded;
    const { body: exchange } = await sb.admin('GET', `/api/exchanges/${summary!.id}`);
    expect(exchange.request.method).toBe('POST');
    expect(exchange.request.path).toBe('/scim/v2/Users');
    expect(exchange.response.status).toBe(201);
    expect(exchange.request.bodySize).toBe(Buffer.byteLength(JSON.stringify(body)));
    expect(exchange.durationMs).toBeGreaterThanOrEqual(0);
    expect(exchange.lint).toEqual([expect.objectContaining({ code: INTERPRETATION_FAILED, level: 'error', message: expect.stringContaining('Maximum call stack') })]);
    expect(JSON.stringify(exchange)).not.toContain('Sup3r-secret-pw');
    expect(exchange.request.headers.Authorization ?? exchange.request.headers.authorization).toBe('Bearer [redacted]');
  });

  it('the next exchange is interpreted as usual', async () => {
    const recorded = nextExchanges(sb.sandbox, 1);
    expect((await sb.scim('GET', '/Users?count=1')).status).toBe(200);
    const [summary] = await recorded;
    const { body: exchange } = await sb.admin('GET', `/api/exchanges/${summary!.id}`);
    expect(exchange.lint.map((l: { code: string }) => l.code)).not.toContain(INTERPRETATION_FAILED);
    expect(exchange.operation.kind).not.toBe('unknown');
  });
});

describe('processCapture with a failing interpretation step', () => {
  const capture = (body: string): CapturedExchange => ({
    parts: { id: 'x1', seq: 1, startedAt: new Date(0).toISOString(), durationMs: 3, outcome: 'completed', method: 'PATCH', path: '/scim/v2/Users/1', query: {}, requestHeaders: { Authorization: 'Bearer [redacted]' }, remoteAddress: '127.0.0.1', status: 200, responseHeaders: {}, changes: [], fault: null, retryOf: null, replayOf: null },
    request: { data: Buffer.from(body), json: false, size: Buffer.byteLength(body) },
    response: { data: '{"id":"1"}', json: true, size: 10 },
    inputs: { leniencies: [], resourceType: 'User', resourceId: '1', error: null, lookups: {}, rawQuery: '' },
    limit: 64,
  });

  it('records the facts, the raw body cut at the limit and redacted, and why, in memory and on disk', async () => {
    const temp = await tempDir();
    try {
      const file = new ExchangeFileWriter(temp.dir, 100, null);
      const body = `{"Operations":[{"op":"replace","path":"password","value":"hunter22"}],"pad":"${'p'.repeat(200)}"}`;
      const [result] = recordBatch([capture(body)], file, () => {}, () => {
        throw new TypeError('injected: the classifier broke');
      });
      file.close();
      expect(result!.record.summary).toMatchObject({ id: 'x1', lintCount: 1, lintLevel: 'error', operation: { kind: 'unknown' } });
      const { exchangeLog, warnings } = await ExchangeLog.open(temp.dir, 100);
      expect(warnings).toEqual([]);
      await exchangeLog.whenLoaded();
      const exchange = (await exchangeLog.get('x1'))!;
      expect(exchange).toMatchObject({ id: 'x1', request: { method: 'PATCH', bodySize: Buffer.byteLength(body), bodyTruncated: true }, response: { status: 200 }, lint: [{ code: INTERPRETATION_FAILED, message: expect.stringContaining('injected: the classifier broke') }] });
      expect(exchange.request.body).toEqual(expect.any(String));
      expect(JSON.stringify(exchange)).not.toContain('hunter22');
    } finally {
      await temp.remove();
    }
  });
});
