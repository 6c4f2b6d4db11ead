/**
 * Rebuilds a record written through a commit the way JSON.parse builds one, so a user created or PATCHed
 * through SCIM costs what a user loaded from store.json costs. The create and PATCH paths build records
 * with spreads and by adding properties one at a time (server/scim/resource-service.ts,
 * resource-input.ts): in V8 such an object keeps 4 properties in itself and the rest in a separate
 * property array, and every nested object (`name`, each email, `meta`) has room for 4 whatever it holds.
 * JSON.parse gives each object exactly its properties in-object, one hidden class per key order (shared
 * by every record with that order, so reads stay monomorphic), exact-length lists, and short string
 * values (V8: up to 10 characters) internalized, i.e. one copy of "Chen", "work" or `W/"2"` however many
 * users hold it, kept only while one does. bench/created-user-heap.ts measures the difference.
 *
 * The copy must be invisible: the same keys in the same order, the same values. A JSON round trip
 * changes what JSON cannot hold (an `undefined` member, a hole in a list, -0, NaN, a non-plain object or a
 * `toJSON` member),
 * so a record holding any of those is left as built; so is a large one (a group with thousands of
 * members), where the copy would cost a commit more than it saves.
 */
import type { ScimResource } from '../contract/scim.js';

/** Values walked at most before a record counts as large (a user holds ~20-40). */
const MAX_VALUES = 2_000;

/**
 * An equal record laid out as JSON.parse lays it out, or the record itself when a JSON round trip would
 * not give an identical one or it is large.
 */
export function compactLayout(resource: ScimResource): ScimResource {
  const budget = { left: MAX_VALUES };
  if (!jsonExact(resource, budget)) return resource;
  return JSON.parse(JSON.stringify(resource)) as ScimResource;
}

/**
 * True when JSON.parse(JSON.stringify(value)) gives an equal value (within the budget). Only what JSON
 * shows is compared: a symbol key, a non-enumerable property or a named property on a list is in no
 * output (a view, store.json, the journal) before the copy or after it.
 */
function jsonExact(value: unknown, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !jsonExact(value[i], budget)) return false;
        }
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      const record = value as Record<string, unknown>;
      // for-in over a plain object visits exactly its own enumerable string keys (Object.prototype has none).
      for (const key in record) {
        // A `toJSON` member would make stringify write something else.
        if (key === 'toJSON' || !jsonExact(record[key], budget)) return false;
      }
      return true;
    }
    default:
      // undefined, a function, a symbol, a bigint.
      return false;
  }
}
