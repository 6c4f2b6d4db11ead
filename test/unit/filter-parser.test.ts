import { describe, expect, it } from 'vitest';
import { ScimError } from '../../server/scim/errors.js';
import {
  formatFilter,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseAttributePathRef,
  parseFilter,
  type FilterNode,
} from '../../server/scim/filter/index.js';
import { scimErrorOf } from '../helpers/scim-error.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A readable test name for filters that may be thousands of characters long. */
function label(filter: string): string {
  return filter.length > 80 ? `${filter.slice(0, 40)}... (${filter.length} characters)` : filter;
}

describe('parseFilter: printed form', () => {
  // [filter, formatFilter(parseFilter(filter))]
  const cases: [string, string][] = [
    // every operator
    ['userName eq "bjensen"', 'userName eq "bjensen"'],
    ['userName ne "bjensen"', 'userName ne "bjensen"'],
    ['name.familyName co "O\'Malley"', 'name.familyName co "O\'Malley"'],
    ['userName sw "J"', 'userName sw "J"'],
    ['userName ew "sen"', 'userName ew "sen"'],
    ['title pr', 'title pr'],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', 'meta.lastModified gt "2011-05-13T04:42:34Z"'],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', 'meta.lastModified ge "2011-05-13T04:42:34Z"'],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', 'meta.lastModified lt "2011-05-13T04:42:34Z"'],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', 'meta.lastModified le "2011-05-13T04:42:34Z"'],
    // case-insensitive operators and keywords
    ['userName EQ "x"', 'userName eq "x"'],
    ['userName Eq "x"', 'userName eq "x"'],
    ['title PR', 'title pr'],
    ['a pr AND b pr', '(a pr and b pr)'],
    ['a pr Or b pr', '(a pr or b pr)'],
    ['NOT (a pr)', 'not (a pr)'],
    ['active eq TRUE', 'active eq true'],
    ['active eq False', 'active eq false'],
    ['title eq NULL', 'title eq null'],
    // precedence: not > and > or, left-associative chains
    ['a eq 1 or b eq 2 and c eq 3', '(a eq 1 or (b eq 2 and c eq 3))'],
    ['a eq 1 and b eq 2 or c eq 3', '((a eq 1 and b eq 2) or c eq 3)'],
    ['a pr and b pr and c pr', '((a pr and b pr) and c pr)'],
    ['a pr or b pr or c pr', '((a pr or b pr) or c pr)'],
    ['a pr or b pr and c pr or d pr', '((a pr or (b pr and c pr)) or d pr)'],
    ['not (a pr) and b pr', '(not (a pr) and b pr)'],
    ['not (a pr or b pr) or c pr', '(not ((a pr or b pr)) or c pr)'],
    // parentheses
    ['(a eq 1 or b eq 2) and c eq 3', '((a eq 1 or b eq 2) and c eq 3)'],
    ['((userName eq "x"))', 'userName eq "x"'],
    ['(a pr) or ((b pr) and (c pr))', '(a pr or (b pr and c pr))'],
    ['not(a pr)', 'not (a pr)'],
    ['not ( not ( a pr ) )', 'not (not (a pr))'],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      '(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))'],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      '(userType ne "Employee" and not ((emails co "example.com" or emails.value co "example.org")))'],
    // value paths
    ['emails[type eq "work"]', 'emails[type eq "work"]'],
    ['emails[type eq "work" and value co "@example.com"]', 'emails[(type eq "work" and value co "@example.com")]'],
    ['emails[type eq "work" or type eq "home" and primary eq true]', 'emails[(type eq "work" or (type eq "home" and primary eq true))]'],
    ['emails[(type eq "work" or type eq "home") and value pr]', 'emails[((type eq "work" or type eq "home") and value pr)]'],
    ['emails[not (type eq "work")]', 'emails[not (type eq "work")]'],
    ['emails [ type eq "work" ]', 'emails[type eq "work"]'],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      '(emails[(type eq "work" and value co "@example.com")] or ims[(type eq "xmpp" and value co "@foo.com")])'],
    ['userType eq "Employee" and emails[type eq "work"]', '(userType eq "Employee" and emails[type eq "work"])'],
    ['members[value eq "2819c223"]', 'members[value eq "2819c223"]'],
    ['not (members[value eq "a"])', 'not (members[value eq "a"])'],
    // URN-prefixed paths and sub-attributes
    [`${CORE_USER}:userName sw "J"`, `${CORE_USER}:userName sw "J"`],
    [`${ENTERPRISE}:department eq "Sales"`, `${ENTERPRISE}:department eq "Sales"`],
    [`${ENTERPRISE}:manager.value eq "26118915"`, `${ENTERPRISE}:manager.value eq "26118915"`],
    [`${ENTERPRISE}:manager[value eq "x"]`, `${ENTERPRISE}:manager[value eq "x"]`],
    ['members.$ref co "/Users/"', 'members.$ref co "/Users/"'],
    ['groups.value eq "g1"', 'groups.value eq "g1"'],
    ['x-custom_attr1 pr', 'x-custom_attr1 pr'],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', 'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"'],
    // string escapes
    ['userName eq "a\\"b"', 'userName eq "a\\"b"'],
    ['userName eq "a\\\\b"', 'userName eq "a\\\\b"'],
    ['userName eq "caf\\u00e9"', 'userName eq "café"'],
    ['userName eq "caf\\u00E9"', 'userName eq "café"'],
    ['userName eq "a\\/b\\tc\\nd"', 'userName eq "a/b\\tc\\nd"'],
    ['userName eq "\\ud83d\\ude00"', 'userName eq "😀"'],
    ['userName eq ""', 'userName eq ""'],
    ['userName eq "with ) and ( and [ ]"', 'userName eq "with ) and ( and [ ]"'],
    ['userName eq "and or not pr"', 'userName eq "and or not pr"'],
    // numbers
    ['age eq 42', 'age eq 42'],
    ['age eq 0', 'age eq 0'],
    ['age gt -7', 'age gt -7'],
    ['weight le 72.5', 'weight le 72.5'],
    ['weight lt -0.25', 'weight lt -0.25'],
    ['big ge 1e3', 'big ge 1000'],
    ['big ge 2.5E-2', 'big ge 0.025'],
    ['big ge 1e+2', 'big ge 100'],
    // a sub-attribute after a value filter (Entra's user matching)
    ['emails[type eq "work"].value eq "x@example.com"', 'emails[type eq "work"].value eq "x@example.com"'],
    ['EMAILS[TYPE EQ "work" and primary eq true].Value EQ "x"', 'EMAILS[(TYPE eq "work" and primary eq true)].Value eq "x"'],
    ['emails[type eq "work"].value pr', 'emails[type eq "work"].value pr'],
    ['emails[type eq "work"].value eq null', 'emails[type eq "work"].value eq null'],
    ['userName eq "a" and emails[type eq "work"].value co "@x"', '(userName eq "a" and emails[type eq "work"].value co "@x")'],
    ['not (emails[type eq "work"].value sw "a") or title pr', '(not (emails[type eq "work"].value sw "a") or title pr)'],
    [`${ENTERPRISE}:manager[displayName eq "Boss"].value eq "m1"`, `${ENTERPRISE}:manager[displayName eq "Boss"].value eq "m1"`],
    // whitespace leniency
    ['userName    eq     "x"', 'userName eq "x"'],
    ['\tuserName\teq\t"x"\t', 'userName eq "x"'],
    ['  a pr\n and\r\n b pr  ', '(a pr and b pr)'], // newlines
    ['(a pr)and(b pr)', '(a pr and b pr)'],
  ];
  it.each(cases)('%s', (filter, printed) => {
    expect(formatFilter(parseFilter(filter))).toBe(printed);
  });

  it.each(cases)('printed form of %s parses back to the same tree', (filter) => {
    const tree = parseFilter(filter);
    expect(parseFilter(formatFilter(tree))).toEqual(tree);
  });
});

describe('parseFilter: exact trees', () => {
  const cases: [string, FilterNode][] = [
    ['userName eq "bjensen"', { kind: 'compare', op: 'eq', value: 'bjensen', path: { raw: 'userName', urn: null, attribute: 'userName', subAttribute: null } }],
    ['title pr', { kind: 'present', path: { raw: 'title', urn: null, attribute: 'title', subAttribute: null } }],
    [
      `${ENTERPRISE}:manager.value eq "x"`,
      { kind: 'compare', op: 'eq', value: 'x', path: { raw: `${ENTERPRISE}:manager.value`, urn: ENTERPRISE, attribute: 'manager', subAttribute: 'value' } },
    ],
    ['age ge -1.5e2', { kind: 'compare', op: 'ge', value: -150, path: { raw: 'age', urn: null, attribute: 'age', subAttribute: null } }],
    ['a eq null', { kind: 'compare', op: 'eq', value: null, path: { raw: 'a', urn: null, attribute: 'a', subAttribute: null } }],
    ['a eq false', { kind: 'compare', op: 'eq', value: false, path: { raw: 'a', urn: null, attribute: 'a', subAttribute: null } }],
    ['a eq "false"', { kind: 'compare', op: 'eq', value: 'false', path: { raw: 'a', urn: null, attribute: 'a', subAttribute: null } }],
    [
      'not (a pr)',
      { kind: 'not', expr: { kind: 'present', path: { raw: 'a', urn: null, attribute: 'a', subAttribute: null } } },
    ],
    [
      'emails[type eq "work"]',
      {
        kind: 'valuePath',
        path: { raw: 'emails', urn: null, attribute: 'emails', subAttribute: null },
        filter: { kind: 'compare', op: 'eq', value: 'work', path: { raw: 'type', urn: null, attribute: 'type', subAttribute: null } },
      },
    ],
    [
      'emails[type eq "work"].value eq "x"',
      {
        kind: 'valuePathAttribute',
        path: { raw: 'emails', urn: null, attribute: 'emails', subAttribute: null },
        filter: { kind: 'compare', op: 'eq', value: 'work', path: { raw: 'type', urn: null, attribute: 'type', subAttribute: null } },
        test: { kind: 'compare', op: 'eq', value: 'x', path: { raw: 'value', urn: null, attribute: 'value', subAttribute: null } },
      },
    ],
    [
      'emails[type eq "work"].display pr',
      {
        kind: 'valuePathAttribute',
        path: { raw: 'emails', urn: null, attribute: 'emails', subAttribute: null },
        filter: { kind: 'compare', op: 'eq', value: 'work', path: { raw: 'type', urn: null, attribute: 'type', subAttribute: null } },
        test: { kind: 'present', path: { raw: 'display', urn: null, attribute: 'display', subAttribute: null } },
      },
    ],
  ];
  it.each(cases)('%s', (filter, tree) => {
    expect(parseFilter(filter)).toEqual(tree);
  });

  it('accepts a filter at the length limit and nesting at the depth limit', () => {
    const depth = MAX_FILTER_DEPTH;
    expect(() => parseFilter(`${'('.repeat(depth)}a pr${')'.repeat(depth)}`)).not.toThrow();
    const padded = `userName eq "${'x'.repeat(MAX_FILTER_LENGTH - 14)}"`;
    expect(padded).toHaveLength(MAX_FILTER_LENGTH);
    expect(() => parseFilter(padded)).not.toThrow();
  });

  it('parses a long flat chain of and/or without trouble', () => {
    const filter = Array.from({ length: 1100 }, () => 'a pr').join(' and ');
    expect(filter.length).toBeLessThan(MAX_FILTER_LENGTH);
    expect(parseFilter(filter).kind).toBe('and');
  });
});

describe('parseFilter: string literals read as JSON strings', () => {
  // The lexer takes a literal's value as slices between escapes; each value must be what JSON.parse reads.
  const literals = [
    '""',
    '"bjensen@example.com"',
    '"\\"abc"',
    '"abc\\""',
    '"a\\\\b"',
    '"\\n\\t\\r\\b\\f\\/"',
    '"x\\u00e9y\\u00E9"',
    '"\\ud83d\\ude00 and after"',
    '"caf\u00e9 \u4e2d\u6587"',
    '"a\\"\\"b"',
    '"spaces  and (brackets) [x] and \'quotes\'"',
  ];
  it.each(literals)('userName eq %s', (literal) => {
    const node = parseFilter(`userName eq ${literal}`);
    expect(node).toEqual({ kind: 'compare', op: 'eq', value: JSON.parse(literal), path: { raw: 'userName', urn: null, attribute: 'userName', subAttribute: null } });
  });
});

describe('parseFilter: malformed filters are 400 invalidFilter', () => {
  // [filter, a fragment the detail must contain]
  const cases: [string, string | RegExp][] = [
    ['', 'empty'],
    ['   \t ', 'empty'],
    ['userName', 'Expected a comparison operator (eq, ne, co, sw, ew, pr, gt, ge, lt, le) after "userName" at position 8, found end of filter'],
    ['userName like "x"', /Expected a comparison operator .* after "userName" at position 9, found "like"/],
    ['userName = "x"', 'Unexpected character "=" at position 9'],
    ['userName == "x"', 'Unexpected character "=" at position 9'],
    ['userName eq', 'Expected a value (a quoted string, number, true, false or null) after "eq" at position 11, found end of filter'],
    ['userName eq bjensen', 'strings must be in double quotes'],
    ["userName eq 'bjensen'", 'Unexpected character "\'" at position 12'],
    ['userName eq "bjensen', 'Unterminated string starting at position 12'],
    ['userName eq "a\\', 'Unterminated'],
    ['userName eq "a\\x"', 'Invalid escape "\\x" at position 14'],
    ['userName eq "\\u12"', 'Invalid unicode escape'],
    ['userName eq "x" extra', 'Expected "and", "or" or end of filter, found "extra" at position 16'],
    ['userName eq "x" "y"', 'at position 16'],
    ['userName eq "x" and', 'Expected an attribute path, "not" or "(" at position 19, found end of filter'],
    ['userName eq "x" or or a pr', 'found "or"'],
    ['and a pr', 'found "and"'],
    ['(userName eq "x"', 'Expected "and", "or" or ")" to close "(" opened at position 0, found end of filter at position 16'],
    ['((a pr)', 'opened at position 0'],
    ['userName eq "x")', 'Unbalanced ")" at position 15'],
    ['a pr))', 'Unbalanced ")" at position 4'],
    ['()', 'Expected an attribute path, "not" or "(" at position 1, found ")"'],
    [')', 'at position 0'],
    ['not a pr', 'Expected "(" after "not" at position 4'],
    ['not', 'Expected "(" after "not" at position 3'],
    ['not ()', 'at position 5'],
    ['title pr "x"', 'The "pr" operator takes no value, found "x" at position 9'],
    ['title pr true', 'takes no value'],
    ['emails[type eq "work"', 'Expected "and", "or" or "]" to close "[" opened at position 6, found end of filter at position 21'],
    ['emails[type eq "work")', 'to close "["'],
    ['emails[', 'at position 7'],
    ['[type eq "work"]', 'at position 0'],
    ['emails]', 'found "]"'],
    ['emails[]', 'found "]"'],
    ['emails[type eq "work"].value', 'Expected a comparison operator (eq, ne, co, sw, ew, pr, gt, ge, lt, le) after "emails[...].value" at position 28, found end of filter'],
    ['emails[type eq "work"].value "x"', 'Expected a comparison operator'],
    ['emails[type eq "work"].value eq', 'Expected a value'],
    ['emails[type eq "work"].value eq x', 'strings must be in double quotes'],
    ['emails[type eq "work"].value.sub eq "x"', 'Expected one sub-attribute name after "]" at position 22, found ".value.sub"'],
    ['emails[type eq "work"]. eq "x"', 'Expected a sub-attribute name after "]." at position 23'],
    ['emails[type eq "work"].1x eq "x"', 'Invalid attribute name "1x"'],
    ['emails[type eq "work"].value pr "x"', 'takes no value'],
    ['emails[type eq "work"].value eq "x" "y"', 'Expected "and", "or" or end of filter'],
    ['emails[type eq "work" and x[y pr].z eq "1"]', 'Value paths cannot be nested'],
    ['emails[type[value eq "x"] eq "work"]', 'Value paths cannot be nested'],
    ['emails.value[type eq "work"]', 'not the sub-attribute "emails.value"'],
    ['name.givenName.first eq "x"', 'more than one sub-attribute level'],
    ['a..b pr', 'Invalid attribute name "" in path "a..b" at position 2'],
    ['.value pr', 'Invalid attribute name ""'],
    ['1abc eq "x"', 'Invalid number "1abc" at position 0'],
    ['age eq 12ab', 'Invalid number "12ab" at position 7'],
    ['age eq 1.2.3', 'Invalid number'],
    ['age eq -', 'Invalid number "-" at position 7'],
    ['age eq +1', 'Unexpected character "+"'],
    ['age eq 1.', 'Invalid number'],
    ['urn:ietf:params:scim:schemas:core:2.0:User: pr', 'Expected an attribute name after the schema URN'],
    ['urn:userName eq "x"', 'Invalid schema URN "urn"'],
    ['urn::x:userName eq "x"', 'Invalid schema URN'],
    ['userName eq "x" & title pr', 'Unexpected character "&"'],
    ['userName eq "x" && title pr', 'Unexpected character "&"'],
    ['true eq "x"', 'Expected an attribute path'],
    ['userName eq "x" not (title pr)', 'found "not"'],
    [`${'('.repeat(MAX_FILTER_DEPTH + 1)}a pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`, `nested more than ${MAX_FILTER_DEPTH} levels deep at position ${MAX_FILTER_DEPTH}`],
    [`${'not ('.repeat(MAX_FILTER_DEPTH + 1)}a pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`, 'nested more than'],
    ['('.repeat(100_000), 'characters long; the limit is 10000'],
    [`userName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`, 'the limit is'],
    [`${'('.repeat(5000)}`, 'nested more than'],
  ];
  const labelled = cases.map(([filter, detail]) => [label(filter), filter, detail] as const);
  it.each(labelled)('%s', (_label, filter, detail) => {
    const error = scimErrorOf(() => parseFilter(filter));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    if (typeof detail === 'string') expect(error.detail).toContain(detail);
    else expect(error.detail).toMatch(detail);
  });

  // No clock here (a loaded machine makes any time bound flaky): a parser that backtracks on these
  // runs for minutes and hits the test timeout; how fast it really is belongs to bench/.
  it('rejects pathological input with a SCIM error', () => {
    for (const filter of ['('.repeat(9999), '"'.repeat(9999), 'a eq "' + '\\'.repeat(9990), 'a pr and '.repeat(1110)]) {
      expect(() => parseFilter(filter)).toThrow(ScimError);
    }
  });
});

describe('parseAttributePathRef', () => {
  const cases: [string, string | null, string, string | null][] = [
    ['userName', null, 'userName', null],
    ['name.givenName', null, 'name', 'givenName'],
    ['members.$ref', null, 'members', '$ref'],
    [`${CORE_USER}:userName`, CORE_USER, 'userName', null],
    [`${ENTERPRISE}:manager.value`, ENTERPRISE, 'manager', 'value'],
    ['URN:foo:bar:baz', 'URN:foo:bar', 'baz', null],
  ];
  it.each(cases)('%s', (text, urn, attribute, subAttribute) => {
    expect(parseAttributePathRef(text)).toEqual({ raw: text, urn, attribute, subAttribute });
  });

  it('reports errors with the requested scimType and offset', () => {
    const error = scimErrorOf(() => parseAttributePathRef('a.b.c', { position: 10, scimType: 'invalidPath' }));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain('at position 10');
    expect(scimErrorOf(() => parseAttributePathRef('')).scimType).toBe('invalidFilter');
    expect(scimErrorOf(() => parseAttributePathRef('emails[type')).detail).toContain('Invalid attribute name "emails[type"');
  });
});
