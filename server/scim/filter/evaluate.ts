/**
 * Compiles a parsed filter into a predicate, resolving every attribute path against the schemas
 * once so that evaluating it per resource is only value comparisons.
 *
 * Semantic choices (RFC 7644 §3.4.2.2 leaves these open):
 * - A multi-valued attribute matches when ANY of its values matches.
 * - `ne` matches when the attribute has no value at all, or when any of its values differs;
 *   so an absent attribute is "not equal" to everything, and `emails.type ne "work"` matches a
 *   user who also has a home email.
 * - `eq null` means "not present" and `ne null` means "present"; other operators refuse null.
 * - Comparing a complex attribute directly compares its `value` sub-attribute (`emails eq "x"`,
 *   `manager eq "id"`); one without a `value` sub-attribute (`name eq "x"`, `meta lt "x"`) is
 *   refused with invalidFilter rather than silently matching nothing.
 * - `emails[type eq "work"].value op x` treats the `value`s of the selected elements as one
 *   multi-valued attribute, so the rules above apply to them (no work email: `ne` and `eq null` match).
 * - Type mismatches that can never be meaningful (gt on a boolean or binary, co on a boolean,
 *   `active eq "yes"`, a dateTime compared with a non-date) are invalidFilter at compile time.
 */
import { badRequest } from '../errors.js';
import type { AttributeDefinition } from '../schemas/attribute-definition.js';
import type { ResourceTypeDefinition } from '../schemas/resource-types.js';
import type { AttributePathRef, CompareOperator, FilterLiteral, FilterNode } from './ast.js';
import { flattenChain } from './chain.js';
import { compileValueTest, isPresent } from './comparison.js';
import { elementOperand, resourceOperand, selectedElementsOperand, valuePathTarget, type Operand } from './operands.js';

export type ResourcePredicate = (resource: Record<string, unknown>) => boolean;
export type ElementPredicate = (element: unknown) => boolean;
type Predicate<S> = (subject: S) => boolean;
type ValuePathNode = Extract<FilterNode, { kind: 'valuePath' | 'valuePathAttribute' }>;

/** What differs between compiling against a resource and against one element of a multi-valued attribute. */
interface CompileContext<S> {
  operand(ref: AttributePathRef): Operand<S>;
  valuePath(node: ValuePathNode): Predicate<S>;
}

function compileNode<S>(node: FilterNode, ctx: CompileContext<S>): Predicate<S> {
  switch (node.kind) {
    case 'and': {
      const parts = flattenChain(node, 'and').map((n) => compileNode(n, ctx));
      return (subject) => parts.every((p) => p(subject));
    }
    case 'or': {
      const parts = flattenChain(node, 'or').map((n) => compileNode(n, ctx));
      return (subject) => parts.some((p) => p(subject));
    }
    case 'not': {
      const inner = compileNode(node.expr, ctx);
      return (subject) => !inner(subject);
    }
    case 'present': {
      const operand = ctx.operand(node.path);
      return (subject) => operand.values(subject).some(isPresent);
    }
    case 'compare':
      return compileComparison(ctx.operand(node.path), node.op, node.value);
    case 'valuePath':
    case 'valuePathAttribute':
      return ctx.valuePath(node);
  }
}

function compileComparison<S>(operand: Operand<S>, op: CompareOperator, literal: FilterLiteral): Predicate<S> {
  if (literal === null) return compileNullComparison(operand, op);
  const rule = operand.rule;
  if (rule === null) {
    throw badRequest('invalidFilter', `"${operand.label}" is a complex attribute; compare one of its sub-attributes (e.g. ${operand.label}.something)`);
  }
  if (op === 'ne') {
    const equals = compileValueTest('eq', literal, rule, operand.label);
    return (subject) => {
      const values = operand.comparable(subject);
      return values.length === 0 || values.some((v) => !equals(v));
    };
  }
  const test = compileValueTest(op, literal, rule, operand.label);
  return (subject) => operand.comparable(subject).some(test);
}

/** `eq null` is "not present", `ne null` is "present"; nothing else can be compared with null. */
function compileNullComparison<S>(operand: Operand<S>, op: CompareOperator): Predicate<S> {
  const present: Predicate<S> = (subject) => operand.values(subject).some(isPresent);
  if (op === 'eq') return (subject) => !present(subject);
  if (op === 'ne') return present;
  throw badRequest('invalidFilter', `The "${op}" operator cannot compare "${operand.label}" with null`);
}

function elementContext(attribute: AttributeDefinition): CompileContext<unknown> {
  return {
    operand: (ref) => elementOperand(attribute, ref),
    valuePath: (node) => {
      throw badRequest('invalidFilter', `Value paths cannot be nested: "${node.path.raw}[...]" inside ${attribute.name}[...]`);
    },
  };
}

function resourceContext(type: ResourceTypeDefinition): CompileContext<Record<string, unknown>> {
  return {
    operand: (ref) => resourceOperand(type, ref),
    valuePath: (node) => {
      const target = valuePathTarget(type, node.path);
      const matches = compileElementFilter(node.filter, target.definition);
      if (node.kind === 'valuePath') return (resource) => target.elements(resource).some(matches);
      // `emails[type eq "work"].value eq "x"`: the test sees only the sub-attribute of the selected elements.
      const operand = selectedElementsOperand(target, matches, node);
      const test = node.test;
      if (test.kind === 'present') return (resource) => operand.values(resource).some(isPresent);
      return compileComparison(operand, test.op, test.value);
    },
  };
}

/**
 * Compiles a filter for a resource type. Throws invalidFilter for malformed paths and for
 * comparisons the attribute's type cannot support.
 */
export function compileFilter(node: FilterNode, type: ResourceTypeDefinition): ResourcePredicate {
  return compileNode(node, resourceContext(type));
}

/**
 * Compiles a filter whose paths name sub-attributes of one element of `attribute` (the part
 * between brackets in `emails[type eq "work"]`), for value-path filters and PATCH target selection.
 * For a simple multi-valued attribute, the path `value` is the element itself.
 */
export function compileElementFilter(node: FilterNode, attribute: AttributeDefinition): ElementPredicate {
  return compileNode(node, elementContext(attribute));
}
