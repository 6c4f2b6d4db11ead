/**
 * Ready-made rules for what people test most: Okta's rate-limit back-off, flaky servers, slow
 * lookups, timeouts, dropped connections, and the wrong answers that break provisioning.
 */
import type { FaultPreset } from '../contract/faults.js';

const GROUP_PUSH = ['group.create', 'group.rename', 'group.members.add', 'group.members.remove', 'group.members.replace', 'group.update'] as const;

export const presets: FaultPreset[] = [
  {
    id: 'okta-rate-limit',
    name: 'Okta rate limit (429, Retry-After 120)',
    description: 'Every request gets 429 Too Many Requests with "Retry-After: 120". Okta honours integer seconds and waits that long before retrying.',
    rule: { name: 'Okta rate limit (429, Retry-After 120)', match: {}, when: {}, action: { type: 'rateLimit', retryAfter: 120 }, preset: 'okta-rate-limit' },
  },
  {
    id: 'rate-limit-http-date',
    name: 'Rate limit with HTTP-date Retry-After',
    description: 'Answers 429 with Retry-After as an HTTP-date two minutes ahead. Okta does not parse dates: it falls back to a 5-minute wait, doubling on each retry.',
    rule: { name: 'Rate limit with HTTP-date Retry-After', match: {}, when: {}, action: { type: 'rateLimit', retryAfter: 'http-date', httpDateSeconds: 120 }, preset: 'rate-limit-http-date' },
  },
  {
    id: 'flaky-503',
    name: 'Flaky server (20% 503)',
    description: 'One request in five, at random, fails with 503 Service Unavailable.',
    rule: { name: 'Flaky server (20% 503)', match: {}, when: { probability: 0.2 }, action: { type: 'error', status: 503, detail: 'Service temporarily unavailable (injected by Scimscope).' }, preset: 'flaky-503' },
  },
  {
    id: 'slow-lookups',
    name: 'Slow lookups (3 s on user.lookup)',
    description: 'Each userName lookup takes three seconds longer, as on a server that scans instead of indexing.',
    rule: { name: 'Slow lookups (3 s on user.lookup)', match: { operations: ['user.lookup'] }, when: {}, action: { type: 'latency', ms: 3000 }, preset: 'slow-lookups' },
  },
  {
    id: 'timeout-on-create',
    name: 'Timeout on create',
    description: 'User creates are held open without an answer until the client gives up (released after 120 s).',
    rule: { name: 'Timeout on create', match: { operations: ['user.create'] }, when: {}, action: { type: 'timeout', maxMs: 120_000 }, preset: 'timeout-on-create' },
  },
  {
    id: 'drop-group-push',
    name: 'Drop connection on group push',
    description: 'Group creates, renames and membership changes get their connection closed with no response.',
    rule: { name: 'Drop connection on group push', match: { operations: [...GROUP_PUSH] }, when: {}, action: { type: 'drop' }, preset: 'drop-group-push' },
  },
  {
    id: 'duplicate-without-scimtype',
    name: 'Duplicate user without scimType',
    description: 'User creates fail with 409 Conflict but no scimType, as servers do that forget RFC 7644 §3.3\'s "uniqueness".',
    rule: { name: 'Duplicate user without scimType', match: { operations: ['user.create'] }, when: {}, action: { type: 'error', status: 409, detail: 'User already exists.' }, preset: 'duplicate-without-scimtype' },
  },
  {
    id: 'empty-body-create',
    name: 'Empty body on create',
    description: 'User creates answer 201 with no body. Okta reports "Create new user returned empty user".',
    rule: { name: 'Empty body on create', match: { operations: ['user.create'] }, when: {}, action: { type: 'emptyBody', status: 201 }, preset: 'empty-body-create' },
  },
];
