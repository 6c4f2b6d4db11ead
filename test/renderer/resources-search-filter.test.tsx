/**
 * The Users/Groups search box: what people type becomes the SCIM filter the server runs. Real filters
 * (and malformed ones, so the server can explain) pass through; plain words become a "contains" search.
 */
import { describe, expect, it } from 'vitest';
import { chunk, idsFilter, looksLikeFilter, scimString, toScimFilter } from '../../renderer/views/resources/search-filter.js';
import { memberSearchFilter } from '../../renderer/views/resources/member-picker.js';

describe('toScimFilter', () => {
  const cases: [type: 'users' | 'groups', input: string, filter: string | null, mode: 'empty' | 'scim' | 'text'][] = [
    ['users', '', null, 'empty'],
    ['users', '   ', null, 'empty'],
    ['users', 'jane', 'userName co "jane" or displayName co "jane"', 'text'],
    ['users', '  Jane Doe ', 'userName co "Jane Doe" or displayName co "Jane Doe"', 'text'],
    ['users', '"jane doe"', 'userName co "jane doe" or displayName co "jane doe"', 'text'],
    ['users', 'jane@example.com', 'userName co "jane@example.com" or displayName co "jane@example.com"', 'text'],
    ['users', "O'Brien", `userName co "O'Brien" or displayName co "O'Brien"`, 'text'],
    ['users', 'back\\slash', 'userName co "back\\\\slash" or displayName co "back\\\\slash"', 'text'],
    ['users', '2819c223-7f76-453a-919d-413861904646', 'id eq "2819c223-7f76-453a-919d-413861904646"', 'text'],
    ['groups', 'eng', 'displayName co "eng"', 'text'],
    ['groups', 'Sales Team', 'displayName co "Sales Team"', 'text'],
    ['users', 'userName sw "a"', 'userName sw "a"', 'scim'],
    ['users', '  userName eq "jane@example.com"  ', 'userName eq "jane@example.com"', 'scim'],
    ['users', 'active eq false', 'active eq false', 'scim'],
    ['users', 'title pr', 'title pr', 'scim'],
    ['users', 'USERNAME SW "J"', 'USERNAME SW "J"', 'scim'],
    ['users', 'name.familyName co "smith" and active eq true', 'name.familyName co "smith" and active eq true', 'scim'],
    ['users', 'emails[type eq "work" and value co "@example.com"]', 'emails[type eq "work" and value co "@example.com"]', 'scim'],
    ['users', 'not (active eq true)', 'not (active eq true)', 'scim'],
    ['users', '(userName sw "a") or (userName sw "b")', '(userName sw "a") or (userName sw "b")', 'scim'],
    ['users', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"', 'scim'],
    ['users', 'meta.lastModified gt "2026-01-01T00:00:00Z"', 'meta.lastModified gt "2026-01-01T00:00:00Z"', 'scim'],
    ['groups', 'displayName eq "Engineering"', 'displayName eq "Engineering"', 'scim'],
    // Meant as a filter but malformed: sent as typed so the server's message explains what is wrong.
    ['users', 'userName xx "a"', 'userName xx "a"', 'scim'],
    ['users', 'userName eq "unterminated', 'userName eq "unterminated', 'scim'],
  ];
  it.each(cases)('%s: %j → %j (%s)', (type, input, filter, mode) => {
    expect(toScimFilter(type, input)).toEqual({ filter, mode });
  });
});

describe('looksLikeFilter', () => {
  it.each([
    ['jane', false],
    ['jane doe', false],
    ['co', false],
    ['"quoted words"', false],
    ['userName co "x"', true],
    ['displayName pr', true],
    ['members[value eq "abc"]', true],
    ['x eq', true],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeFilter(text)).toBe(expected);
  });
});

describe('bulk id filters', () => {
  it('quotes and escapes SCIM strings', () => {
    expect(scimString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
  it('joins ids with or', () => {
    expect(idsFilter(['a', 'b'])).toBe('id eq "a" or id eq "b"');
    expect(idsFilter(['only'])).toBe('id eq "only"');
  });
  it('chunks lists so URLs stay short', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 40)).toEqual([]);
  });
  it('searches users for the member picker by userName or display name', () => {
    expect(memberSearchFilter(' mei ')).toBe('userName co "mei" or displayName co "mei"');
    expect(memberSearchFilter('  ')).toBeNull();
  });
});
