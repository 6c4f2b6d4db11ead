/** The edit-and-replay dialog's header text: recorded headers become "Name: value" lines (without those Scimscope sets) and parse back, with a clear error for a line that is not a header. */
import { describe, expect, it } from 'vitest';
import { headersText, parseHeaders } from '../../renderer/views/traffic/replay-edit-dialog.js';

describe('replay edit headers', () => {
  it('leaves out what Scimscope sets and round-trips the rest', () => {
    const text = headersText({ Authorization: 'Bearer [redacted]', Host: 'x', 'Content-Length': '9', 'Content-Type': 'application/scim+json', 'X-Trace': 'a: b' });
    expect(text).toBe('Content-Type: application/scim+json\nX-Trace: a: b');
    expect(parseHeaders(text)).toEqual({ ok: true, headers: { 'Content-Type': 'application/scim+json', 'X-Trace': 'a: b' } });
  });

  it.each([
    ['no colon here', 'Line 1 is not "Name: value".'],
    ['Ok: 1\n: empty name', 'Line 2 is not "Name: value".'],
    ['Bad Name: 1', 'Line 1 is not "Name: value".'],
  ])('refuses %j', (text, error) => {
    expect(parseHeaders(text)).toEqual({ ok: false, error });
  });
});
