/**
 * `scimscope serve --upstream URL ...`: the real command in its own process forwards to an upstream
 * with the upstream's credential, says so in its ready line, and refuses malformed proxy flags with
 * a usage error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokenUpstream, type BrokenUpstream } from '../fixtures/broken-upstream.js';
import { runCli, startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';

describe('scimscope serve --upstream', () => {
  let upstream: BrokenUpstream;
  beforeAll(async () => {
    upstream = await startBrokenUpstream('echo');
  });
  afterAll(() => upstream?.close());

  it('forwards SCIM traffic with the upstream token and names the upstream when ready', async () => {
    const cli = await startCli(['--data', ':memory:', '--upstream', upstream.url, '--upstream-token', 'cli-upstream-token-42']);
    try {
      expect((cli.info as unknown as { upstreamUrl: string }).upstreamUrl).toBe(upstream.url);
      const res = await request(`${cli.info.scimUrl}/Users?count=2`, { headers: { Authorization: `Bearer ${cli.info.token}` } });
      expect(res.status).toBe(200);
      const got = upstream.received.at(-1)!;
      expect(got.url).toBe('/scim/v2/Users?count=2');
      expect(got.headers.authorization).toBe('Bearer cli-upstream-token-42');
    } finally {
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toEqual({ code: 0, signal: null });
    }
  });

  it.each([
    [['--upstream', 'ftp://x/scim'], /--upstream must be an http/],
    [['--upstream-token', 'abc'], /need --upstream URL/],
    [['--upstream', 'http://x/scim', '--upstream-token', 'a', '--upstream-pass-through'], /only one of/],
    [['--upstream', 'http://x/scim', '--upstream-header', 'no colon'], /"Name: value"/],
  ])('refuses %j', async (args, message) => {
    const res = await runCli(['serve', '--data', ':memory:', ...args]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });
});
