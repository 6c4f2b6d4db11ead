import { describe, expect, it } from 'vitest';
import { resolvePath, resourceTypes } from '../../server/scim/schemas/resource-types.js';

describe('resolvePath', () => {
  const cases: [string, string | null, string | null, string | null, boolean][] = [
    // path, extension, attribute, subAttribute, known
    ['userName', null, 'userName', null, true],
    ['USERNAME', null, 'userName', null, true],
    ['name.givenName', null, 'name', 'givenName', true],
    ['emails.value', null, 'emails', 'value', true],
    ['meta.lastModified', null, 'meta', 'lastModified', true],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName', null, 'userName', null, true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'manager', 'value', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:Department', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'department', null, true],
    ['customThing', null, 'customThing', null, false],
  ];
  it.each(cases)('%s', (path, extension, attribute, sub, known) => {
    const r = resolvePath(resourceTypes.User, path);
    expect(r).not.toBeNull();
    expect(r!.extension).toBe(extension);
    expect(r!.attribute).toBe(attribute);
    expect(r!.subAttribute).toBe(sub);
    expect(r!.known).toBe(known);
  });
  it.each(['', 'a.b.c', 'emails[', '1abc'])('rejects malformed path %j', (path) => {
    expect(resolvePath(resourceTypes.User, path)).toBeNull();
  });
  it.each(['', 'a.b.c', 'emails[', '1abc'])('rejects malformed path %j again (the remembered answer is the same)', (path) => {
    expect(resolvePath(resourceTypes.User, path)).toBeNull();
  });
  it('answers a path asked again with the same frozen result, per type', () => {
    const first = resolvePath(resourceTypes.User, 'emails.value')!;
    expect(resolvePath(resourceTypes.User, 'emails.value')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { attribute: string }).attribute = 'changed';
    }).toThrow(TypeError);
    expect(resolvePath(resourceTypes.User, 'emails.value')!.attribute).toBe('emails');
    // Group has no emails: its answer is its own (a loose path), not User's.
    expect(resolvePath(resourceTypes.Group, 'emails.value')!.known).toBe(false);
  });
  it('still resolves paths once it stops remembering new ones', () => {
    for (let i = 0; i < 1500; i++) expect(resolvePath(resourceTypes.User, `custom${i}`)!.attribute).toBe(`custom${i}`);
    expect(resolvePath(resourceTypes.User, 'name.givenName')).toMatchObject({ attribute: 'name', subAttribute: 'givenName', known: true });
    const long = `a${'b'.repeat(300)}`;
    expect(resolvePath(resourceTypes.User, long)!.attribute).toBe(long);
  });
});
