/**
 * Index lines of recorded exchanges shaped like a real Okta session's (lookups, reads, creates,
 * PATCHes, import pages; shapes copied from a recorded session), each with its own ids and
 * identifiers, for the exchange-log benchmarks.
 */
/** One index line of the kind a real server writes (shapes copied from a recorded session). */
export function indexLine(seq: number): string {
  const id = `mx95${seq.toString(36).padStart(6, '0')}5470840000`;
  const uuid = `5f79e962-a2c5-490c-b4fd-${seq.toString(16).padStart(12, '0')}`;
  const user = `user${seq}@example.com`;
  const startedAt = new Date(Date.UTC(2026, 11, 4) + seq * 10).toISOString();
  const base = { id, seq, startedAt, durationMs: Math.round((seq % 97) * 13) / 100, client: seq % 3 ? 'okta' : 'entra', outcome: 'completed', fault: null, lintCount: seq % 11 === 0 ? 1 : 0, lintLevel: seq % 11 === 0 ? 'warning' : null, retryOf: null, replayOf: null };
  const kind = seq % 10;
  let rest: Record<string, unknown>;
  let identifiers = '';
  let changeIds: string[] = [];
  if (kind < 5) {
    rest = { method: 'GET', path: '/scim/v2/Users', query: `filter=userName eq "${user}"`, status: 200, operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: `Okta looked up ${user} (found)` }, changeCount: 0 };
    identifiers = `${uuid}\n${user}\n00u${seq}\n${user}`;
  } else if (kind < 7) {
    rest = { method: 'GET', path: `/scim/v2/Users/${uuid}`, query: '', status: 200, operation: { kind: 'user.read', resourceType: 'User', resourceId: uuid, summary: `Okta read ${user}` }, changeCount: 0 };
    identifiers = `${uuid}\n${user}\n00u${seq}\nFirst Last\n${user}`;
  } else if (kind === 7) {
    rest = { method: 'POST', path: '/scim/v2/Users', query: '', status: 201, operation: { kind: 'user.create', resourceType: 'User', resourceId: uuid, summary: `Okta created ${user}` }, changeCount: 1 };
    identifiers = `${user}\n${user}\n${uuid}\n${user}\n${user}`;
    changeIds = [uuid];
  } else if (kind === 8) {
    rest = { method: 'PATCH', path: `/scim/v2/Users/${uuid}`, query: '', status: 200, operation: { kind: 'user.deactivate', resourceType: 'User', resourceId: uuid, summary: `Okta deactivated ${user}` }, changeCount: 1 };
    identifiers = `${uuid}\n${user}\n00u${seq}`;
    changeIds = [uuid];
  } else {
    rest = { method: 'GET', path: '/scim/v2/Users', query: `startIndex=${seq}&count=100`, status: 200, operation: { kind: 'user.import', resourceType: 'User', resourceId: null, summary: `Okta imported users ${seq}–${seq + 99} of 100000` }, changeCount: 0 };
    identifiers = Array.from({ length: 5 }, (_, i) => `${uuid.slice(0, -4)}${i}000\nuser${seq + i}@example.com\n00u${seq + i}`).join('\n').slice(0, 256);
  }
  return JSON.stringify({ summary: { ...base, ...rest }, identifiers, changeIds, offset: seq * 1000, length: 900 });
}
