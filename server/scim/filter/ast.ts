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
  | { kind: 'valuePath'; path: AttributePathRef; filter: FilterNode }
  /**
   * `emails[type eq "work"].value eq "x"`: `test` (a compare or present node whose path is one
   * sub-attribute name) applied, as to any multi-valued attribute, to that sub-attribute's values in
   * the elements of `path` that satisfy `filter`. RFC 7644's filter grammar has no such form (only
   * PATCH paths do), but Microsoft documents Entra matching users with it.
   */
  | { kind: 'valuePathAttribute'; path: AttributePathRef; filter: FilterNode; test: CompareNode | PresentNode };

export type CompareNode = Extract<FilterNode, { kind: 'compare' }>;
export type PresentNode = Extract<FilterNode, { kind: 'present' }>;
