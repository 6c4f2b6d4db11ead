/** What the recorder's classifier and lint read about one exchange, with defaults (a successful bodiless GET /Users), for their unit tables. */
import type { ExchangeFacts } from '../../server/recorder/operation-classify.js';

export function exchangeFacts(over: Partial<ExchangeFacts> = {}): ExchangeFacts {
  return {
    method: 'GET',
    scimPath: '/Users',
    query: {},
    headers: {},
    body: undefined,
    status: 200,
    responseBody: undefined,
    resourceType: null,
    resourceId: null,
    changes: [],
    lookup: () => undefined,
    authFailed: false,
    error: null,
    ...over,
  };
}
