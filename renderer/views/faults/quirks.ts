/**
 * The server quirk switches (settings.quirks): each imitates a common broken SCIM server, with one
 * sentence on what it does and what an identity provider does about it.
 * Claims about Okta and Entra follow docs/research/idp-request-shapes.md.
 */
import type { QuirkSettings } from '../../../server/contract/index.js';

export interface QuirkInfo {
  key: keyof QuirkSettings;
  title: string;
  description: string;
}

export const QUIRKS: QuirkInfo[] = [
  {
    key: 'duplicateAs400',
    title: 'Duplicates answer 400',
    description: 'A duplicate userName gets 400 Bad Request instead of 409 Conflict, so Okta and Entra see a generic failure instead of “already exists” and report the create as an error.',
  },
  {
    key: 'conflictWithoutScimType',
    title: 'Conflicts without scimType',
    description: 'A duplicate gets 409 with no scimType "uniqueness" (RFC 7644 §3.12): Okta still stops the create and shows it in Tasks, but clients that check scimType cannot tell a duplicate from other conflicts.',
  },
  {
    key: 'rejectMembersReplace',
    title: 'No “replace” on group members',
    description: 'Group PATCHes that replace members fail with 400, as on servers that only support add and remove: Okta’s full group pushes fail while its add/remove membership updates still work.',
  },
  {
    key: 'ignoreExcludedAttributes',
    title: 'Ignore excludedAttributes',
    description: 'Groups come back with every member even when excludedAttributes=members is asked for, which is how Entra reads groups, so its reads of large groups get big and slow.',
  },
  {
    key: 'plainJsonContentType',
    title: 'Plain JSON content type',
    description: 'Answers are labelled application/json instead of application/scim+json, which Microsoft’s guide asks for; use it to check that your client and tests tolerate the plain type.',
  },
  {
    key: 'zeroBasedStartIndex',
    title: '0-based startIndex',
    description: 'startIndex is read as 0-based, so startIndex=1 skips the first resource: Okta’s import, which starts at 1, silently misses that user.',
  },
  {
    key: 'stringTotalResults',
    title: 'totalResults as a string',
    description: 'List answers send totalResults as "5" instead of 5: Okta needs integer paging numbers to import, and its SPEC test’s number check fails.',
  },
];
