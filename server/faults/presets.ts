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
  // OAuth (auth mode `oauth`): on /oauth2/* an error action answers in OAuth's protocol, scimType carrying the OAuth error code.
  {
    id: 'oauth-token-expires',
    name: 'Access token expires now',
    description: 'The next SCIM request is refused with 401 and WWW-Authenticate: Bearer error="invalid_token" (RFC 6750 §3.1), as when an access token expires. An IdP that supports refresh tokens refreshes and retries.',
    rule: { name: 'Access token expires now', match: { path: '/scim/v2*' }, when: { times: 1 }, action: { type: 'error', status: 401, detail: 'The access token expired (injected by Scimscope).', headers: { 'WWW-Authenticate': 'Bearer realm="Scimscope", error="invalid_token", error_description="The access token expired"' } }, preset: 'oauth-token-expires' },
  },
  {
    id: 'oauth-refresh-fails',
    name: 'Refresh fails (invalid_grant)',
    description: 'Token refreshes are refused with 400 invalid_grant, as when the refresh token was revoked. The IdP cannot get a new access token: the admin must authorize again.',
    rule: { name: 'Refresh fails (invalid_grant)', match: { operations: ['oauth.refresh'] }, when: {}, action: { type: 'error', status: 400, scimType: 'invalid_grant', detail: 'The refresh token is no longer valid (injected by Scimscope).' }, preset: 'oauth-refresh-fails' },
  },
  {
    id: 'oauth-token-endpoint-down',
    name: 'Token endpoint down (503)',
    description: 'Every request to /oauth2/token answers 503 temporarily_unavailable: code exchanges and refreshes fail until the rule is turned off.',
    rule: { name: 'Token endpoint down (503)', match: { path: '/oauth2/token' }, when: {}, action: { type: 'error', status: 503, scimType: 'temporarily_unavailable', detail: 'The token endpoint is down (injected by Scimscope).' }, preset: 'oauth-token-endpoint-down' },
  },
  {
    id: 'oauth-consent-denied',
    name: 'Consent denied',
    description: 'Whatever the admin clicks on the consent page, the browser returns to the IdP with error=access_denied (RFC 6749 §4.1.2.1).',
    rule: { name: 'Consent denied', match: { methods: ['POST'], path: '/oauth2/authorize' }, when: {}, action: { type: 'error', status: 403, scimType: 'access_denied', detail: 'The administrator denied access (injected by Scimscope).' }, preset: 'oauth-consent-denied' },
  },
];
