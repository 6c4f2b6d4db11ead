/**
 * The parsed form of a SCIM filter (RFC 7644 §3.4.2.2). The parser produces it; the evaluator,
 * the index planner and PATCH value-path selection consume it.
 */

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal from the filter text: a JSON string, number, true, false or null. */
export type FilterLiteral = string | number | boolean | null;

/**
 * An attribute path as written in the filter, split but not yet resolved against a schema:
 * `urn:...:User:name.givenName` gives { urn: 'urn:...:User', attribute: 'name', subAttribute: 'givenName' }.
 */
export interface AttributePathRef {
  raw: string;
  urn: string | null;
  attribute: string;
  subAttribute: string | null;
}

export type FilterNode =
  | { kind: 'compare'; path: AttributePathRef; op: CompareOperator; value: FilterLiteral }
  | { kind: 'present'; path: AttributePathRef }
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  /**
   * `emails[type eq "work" and value co "@x"]`: true when one element of the multi-valued
   * attribute satisfies `filter`, whose paths name sub-attributes of that element.
   */
  | { kind: 'valuePath'; path: AttributePathRef; filter: FilterNode };
