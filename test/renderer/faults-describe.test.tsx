/**
 * Fault rules in plain words: what the Faults view and the editor's preview say a rule does, over
 * combinations of match, when and action.
 */
import { describe, expect, it } from 'vitest';
import type { FaultAction, FaultMatch, FaultRule, FaultWhen } from '../../server/contract/index.js';
import { actionBadge, describeAction, describeMatch, describeRule, describeWhen, formatMs, formatPercent, ordinal } from '../../renderer/views/faults/describe-rule.js';

describe('describeRule', () => {
  const rule = (match: FaultMatch, when: FaultWhen, action: FaultAction): Pick<FaultRule, 'match' | 'when' | 'action'> => ({ match, when, action });

  it.each([
    [rule({ operations: ['user.create'], clients: ['okta'] }, { everyNth: 2 }, { type: 'rateLimit', retryAfter: 120 }), 'On user.create from Okta, every 2nd request: 429 with Retry-After 120 s'],
    [rule({}, {}, { type: 'rateLimit', retryAfter: 120 }), 'On any request, every time: 429 with Retry-After 120 s'],
    [rule({}, { probability: 0.2 }, { type: 'error', status: 503, detail: 'x' }), 'On any request, 20% of the time: 503 Service Unavailable'],
    [rule({ operations: ['user.lookup'] }, {}, { type: 'latency', ms: 3000 }), 'On user.lookup, every time: delay the answer by 3 s'],
    [rule({ operations: ['user.lookup'] }, { times: 2 }, { type: 'rateLimit', retryAfter: 120 }), 'On user.lookup, the first 2 times: 429 with Retry-After 120 s'],
    [rule({ operations: ['user.create'] }, {}, { type: 'error', status: 409, scimType: 'uniqueness' }), 'On user.create, every time: 409 Conflict with scimType "uniqueness"'],
    [rule({ operations: ['user.create'] }, {}, { type: 'timeout', maxMs: 120_000 }), 'On user.create, every time: hold the request open, then drop it after 2 min'],
    [rule({ methods: ['POST'], path: '/Users*' }, { nth: 3 }, { type: 'drop' }), 'On POST requests to /Users*, only the 3rd request: drop the connection without answering'],
    [rule({ path: '/Groups/*' }, {}, { type: 'malformed' }), 'On requests to /Groups/*, every time: answer 200 with a cut-off, invalid JSON body'],
    [rule({ methods: ['PATCH', 'PUT'] }, {}, { type: 'emptyBody', status: 204 }), 'On PATCH or PUT requests, every time: answer 204 with an empty body'],
    [rule({ clients: ['entra'] }, {}, { type: 'emptyBody' }), 'On any request from Entra ID, every time: answer with an empty body (201 on POST, else 200)'],
    [rule({}, { everyNth: 3, times: 1 }, { type: 'wrongContentType' }), 'On any request, every 3rd request, at most once: the real answer, labelled text/html; charset=utf-8'],
    [rule({ bodyContains: '"active":false' }, {}, { type: 'error', status: 500 }), 'On any request whose body contains ""active":false", every time: 500 Internal Server Error'],
    [rule({ operations: ['user.update', 'user.password'], clients: ['okta', 'entra'], headerContains: 'okta' }, { probability: 0.5, everyNth: 2 }, { type: 'latency', ms: 250, jitterMs: 500 }), 'On user.update or user.password from Okta or Entra ID whose headers contain "okta", every 2nd request with a 50% chance: delay the answer by 250 ms, plus up to 500 ms of jitter'],
    [rule({ operations: ['user.create'], methods: ['POST'], path: '/Users' }, { times: 1 }, { type: 'rateLimit', retryAfter: null }), 'On user.create (POST) on /Users, the first time only: 429 without Retry-After'],
    [rule({}, {}, { type: 'rateLimit', retryAfter: 'http-date', httpDateSeconds: 120 }), 'On any request, every time: 429 with Retry-After as an HTTP-date 2 min ahead'],
    [rule({ operations: ['group.create', 'group.rename', 'group.members.add', 'group.members.remove', 'group.members.replace'] }, {}, { type: 'drop' }), 'On group.create, group.rename, group.members.add or 2 other operations, every time: drop the connection without answering'],
    [rule({ operations: ['group.members.*'] }, { nth: 3, everyNth: 2 }, { type: 'drop' }), 'On group.members.*, never (the 3rd request is not an every-2nd one): drop the connection without answering'],
  ])('%# %s', (r, expected) => {
    expect(describeRule(r)).toBe(expected);
  });

  it('reads a rule with no match or when at all', () => {
    expect(describeRule({ action: { type: 'drop' } } as Pick<FaultRule, 'match' | 'when' | 'action'>)).toBe('On any request, every time: drop the connection without answering');
  });
});

describe('the parts', () => {
  it.each([
    [{}, 'every time'],
    [{ everyNth: 1 }, 'every time'],
    [{ everyNth: 2 }, 'every 2nd request'],
    [{ nth: 1 }, 'only the 1st request'],
    [{ nth: 4, everyNth: 2 }, 'only the 4th request'],
    [{ probability: 0.005 }, '0.5% of the time'],
    [{ probability: 1 }, '100% of the time'],
    [{ times: 1 }, 'the first time only'],
    [{ times: 5 }, 'the first 5 times'],
    [{ probability: 0.25, times: 3 }, '25% of the time, at most 3 times'],
    [{ nth: 2, probability: 0.5 }, 'only the 2nd request with a 50% chance'],
  ] as [FaultWhen, string][])('when %j → %s', (when, expected) => {
    expect(describeWhen(when)).toBe(expected);
  });

  it.each([
    [{}, 'On any request'],
    [{ methods: ['get'] }, 'On GET requests'],
    [{ operations: ['*'] }, 'On any operation'],
    [{ clients: ['okta', 'entra', 'curl'] }, 'On any request from Okta, Entra ID or curl'],
    [{ bodyContains: 'a', headerContains: 'b' }, 'On any request whose body contains "a" and whose headers contain "b"'],
  ] as [FaultMatch, string][])('match %j → %s', (match, expected) => {
    expect(describeMatch(match)).toBe(expected);
  });

  it.each([
    [{ type: 'latency', ms: 0 }, 'delay the answer by 0 ms'],
    [{ type: 'latency', ms: 1500 }, 'delay the answer by 1.5 s'],
    [{ type: 'error', status: 418 }, '418'],
    [{ type: 'error', status: 400, scimType: 'invalidValue' }, '400 Bad Request with scimType "invalidValue"'],
    [{ type: 'rateLimit', retryAfter: 0 }, '429 with Retry-After 0 s'],
    [{ type: 'rateLimit', retryAfter: 'http-date' }, '429 with Retry-After as an HTTP-date 2 min ahead'],
    [{ type: 'timeout' }, 'hold the request open, then drop it after 2 min'],
    [{ type: 'timeout', maxMs: 500 }, 'hold the request open, then drop it after 500 ms'],
    [{ type: 'malformed', status: 201 }, 'answer 201 with a cut-off, invalid JSON body'],
    [{ type: 'wrongContentType', contentType: 'application/json' }, 'the real answer, labelled application/json'],
  ] as [FaultAction, string][])('action %j → %s', (action, expected) => {
    expect(describeAction(action)).toBe(expected);
  });

  it('writes ordinals, durations and percentages', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
    expect([999, 1000, 2500, 60_000, 90_000, 120_000].map(formatMs)).toEqual(['999 ms', '1 s', '2.5 s', '1 min', '90 s', '2 min']);
    expect([0.2, 0.333333, 0.005].map(formatPercent)).toEqual(['20%', '33.33%', '0.5%']);
  });

  it('labels each action type for the rule badge', () => {
    expect(actionBadge({ type: 'error', status: 503 })).toEqual({ text: 'Error 503', tone: 'err' });
    expect(actionBadge({ type: 'error', status: 409 })).toEqual({ text: 'Error 409', tone: 'warn' });
    expect(actionBadge({ type: 'latency', ms: 3000 }).text).toBe('Latency 3 s');
    expect(actionBadge({ type: 'rateLimit', retryAfter: null }).text).toBe('429 Rate limit');
  });
});
