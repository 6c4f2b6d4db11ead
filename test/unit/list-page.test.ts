/**
 * A list page made from its resources' cached texts (scim/list-page.ts) is exactly what serializing
 * the ListResponse gives, with its UTF-8 length and the spans of its resources as the recorder's own
 * scan finds them (json-list-view.ts); and spans handed over with one text are refused for another.
 */
import { describe, expect, it } from 'vitest';
import { listSpans, listSpansOf, spansFit } from '../../server/recorder/json-list-view.js';
import { listPage } from '../../server/scim/list-page.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const user = (i: number, extra: Record<string, unknown> = {}) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `id-${i}`, userName: `user${i}@example.com`, active: i % 2 === 0, meta: { resourceType: 'User', version: `W/"${i}"` }, ...extra });
const rendered = (resources: object[]) => resources.map((r) => {
  const json = JSON.stringify(r);
  return { json, bytes: Buffer.byteLength(json) };
});

const CASES: { name: string; total: number | string; startIndex: number; resources: object[] }[] = [
  { name: 'an empty page', total: 0, startIndex: 1, resources: [] },
  { name: 'an empty page past the end', total: 5, startIndex: 10, resources: [] },
  { name: 'one resource', total: 1, startIndex: 1, resources: [user(1)] },
  { name: 'a hundred resources', total: 100_000, startIndex: 50_000, resources: Array.from({ length: 100 }, (_, i) => user(i)) },
  { name: 'totalResults as a string (quirk)', total: '3', startIndex: 1, resources: [user(1), user(2), user(3)] },
  { name: 'projected resources (attributes=userName)', total: 2, startIndex: 1, resources: [{ id: 'a', userName: 'a' }, { id: 'b', userName: 'b' }] },
  { name: 'awkward strings', total: 3, startIndex: 1, resources: [user(1, { displayName: 'quote " and \\ and ] } [ { ,{ inside' }), user(2, { nickName: 'Łukasz 🎉 \u2028 \u0000', title: '"Resources":[' }), user(3, { x: [[1, [2, []]], { a: {} }] })] },
];

describe('listPage', () => {
  it.each(CASES)('$name: the text, bytes and spans of JSON.stringify', ({ total, startIndex, resources }) => {
    const page = listPage(total, startIndex, rendered(resources));
    expect(page.json).toBe(JSON.stringify({ schemas: [LIST], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources }));
    expect(page.bytes).toBe(Buffer.byteLength(page.json));
    expect(page.spans).toEqual(listSpans(page.json));
    expect(spansFit(page.json, page.spans)).toBe(true);
    expect(listSpansOf(page.json, page.spans)).toBe(page.spans);
  });
});

describe('spans handed over with a text', () => {
  const page = listPage(3, 1, rendered([user(1), user(2), user(3)]));
  const other = listPage(3, 1, rendered([user(1), user(22), user(3)]));
  const shifts: { name: string; text: string }[] = [
    { name: 'another page of the same count', text: other.json },
    { name: 'the text with a secret scrubbed (shorter)', text: page.json.replace('user2@example.com', '[redacted]') },
    { name: 'the text cut short', text: page.json.slice(0, -10) },
    { name: 'a single resource', text: JSON.stringify(user(1)) },
    { name: 'an empty object', text: '{}' },
  ];
  it.each(shifts)('are refused for $name, and the text is scanned instead', ({ text }) => {
    expect(spansFit(text, page.spans)).toBe(false);
    expect(listSpansOf(text, page.spans)).toEqual(listSpans(text));
  });

  it('are refused when malformed', () => {
    const bad = [{ ...page.spans, elements: page.spans.elements.slice(1) }, { ...page.spans, valueStart: page.spans.valueStart + 1 }, { ...page.spans, elements: [...page.spans.elements.slice(0, 2), ...page.spans.elements.slice(4)] }, { ...page.spans, elements: [] }];
    for (const spans of bad) expect(spansFit(page.json, spans)).toBe(false);
  });
});
