/** Scrubbing configured secrets from a serialized record keeps it valid JSON, whatever the secret holds. */
import { describe, expect, it } from 'vitest';
import { REDACTED, scrubSecrets } from '../../server/recorder/redact.js';

describe('scrubSecrets', () => {
  it.each(['plain-secret-token', 'ends-with-backslash\\', 'has"a-quote', 'mixed\\"both\\\\', 'ünïcødé-secret'])('removes %s and leaves valid JSON', (secret) => {
    const record = JSON.stringify({ body: { token: secret, note: `x${secret}y` }, header: secret });
    const scrubbed = scrubSecrets(record, [secret]);
    expect(scrubbed).not.toContain(JSON.stringify(secret).slice(1, -1));
    const parsed = JSON.parse(scrubbed);
    expect(parsed.header).toBe(REDACTED);
    expect(parsed.body.note).toBe(`x${REDACTED}y`);
  });
});
