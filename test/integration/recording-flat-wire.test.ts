/**
 * Every capture the recorder makes crosses to the recording worker as flat values (capture-flat.ts):
 * over real HTTP, for each kind of exchange the recorder captures differently (a lookup, a read, a
 * create with its body, a group with members to look up, a malformed body, an unknown path, a fault,
 * a secret outside Authorization, a request Node's HTTP parser refused), no capture is sent as the
 * object itself, the fallback kept for shapes the wire does not know (which is correct but slower),
 * and each is recorded as usual.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../../server/recorder/capture-flat.js';
import type { ToWorker } from '../../server/recorder/recorder-worker.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** [method, status] of the exchanges recorded, sorted. */
const EXPECTED_STATUSES = [['DELETE', 418], ['GET', 200], ['GET', 200], ['GET', 200], ['GET', 400], ['GET', 404], ['POST', 201], ['POST', 400]];

/** A whole capture among a flat batch's values: what the wire sends for a shape it does not know. */
const isWholeCapture = (value: unknown) => value !== null && typeof value === 'object' && 'parts' in value && 'inputs' in value;

describe('captures crossing to the recording worker', () => {
  it('cross flat for every kind of exchange the recorder captures, and are recorded', async () => {
    let handed = 0;
    const whole: unknown[] = [];
    const t = await startSandbox({
      seed: 'empty',
      postToWorker: (worker, message: ToWorker) => {
        if (message.type === 'batch') {
          handed += decodeBatch(message.items).length;
          whole.push(...message.items.filter(isWholeCapture));
        }
        worker.postMessage(message);
      },
    });
    const created = nextExchanges(t.sandbox, 1);
    const user = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'flat@example.com' } });
    await created;
    await t.admin('POST', '/api/faults', { body: { name: 'teapot', match: { operations: ['user.delete'] }, action: { type: 'error', status: 418 } } });
    const requests: [string, () => Promise<unknown>][] = [
      ['lookup', () => t.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "flat@example.com"')}`)],
      ['read', () => t.scim('GET', `/Users/${user.body.id}`)],
      ['group with a member', () => t.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Flat', members: [{ value: user.body.id }] } })],
      ['malformed body', () => t.scim('POST', '/Users', { rawBody: '{"userName": "x', headers: { 'Content-Type': 'application/scim+json' } })],
      ['unknown path', () => t.scim('GET', '/Nothing')],
      ['fault', () => t.scim('DELETE', `/Users/${user.body.id}`)],
      ['secret outside Authorization', () => t.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${t.token}"`)}`)],
      [
        'refused by the HTTP parser',
        async () => {
          const url = new URL(t.addresses.scimUrl);
          const socket = net.connect(Number(url.port), url.hostname);
          await new Promise((resolve) => socket.once('connect', resolve));
          const closed = new Promise((resolve) => socket.once('close', resolve));
          socket.end(`GET /scim/v2/Users HTTP/1.1\r\nHost: ${url.host}\r\nBad Header Line\r\n\r\n`);
          socket.resume();
          await closed;
        },
      ],
    ];
    const recorded = nextExchanges(t.sandbox, requests.length);
    for (const [, send] of requests) await send();
    const summaries = await recorded;
    expect(summaries.map((s) => [s.method, s.status]).sort()).toEqual(EXPECTED_STATUSES);
    expect(handed).toBe(requests.length + 1);
    expect(whole).toEqual([]);
  });
});
