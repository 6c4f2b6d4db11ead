/** Prints a FilterNode back as filter text with explicit grouping, for logs, the traffic inspector and tests. */
import type { FilterNode } from './ast.js';

/**
 * Formats a filter so that its structure is unambiguous: every `and`/`or` is parenthesised and
 * values are JSON literals. `a eq 1 or b eq 2 and c eq 3` prints as `(a eq 1 or (b eq 2 and c eq 3))`.
 * The output parses back to the same tree.
 */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return `${node.path.raw} ${node.op} ${JSON.stringify(node.value)}`;
    case 'present':
      return `${node.path.raw} pr`;
    case 'and':
    case 'or':
      return `(${formatFilter(node.left)} ${node.kind} ${formatFilter(node.right)})`;
    case 'not':
      return `not (${formatFilter(node.expr)})`;
    case 'valuePath':
      return `${node.path.raw}[${formatFilter(node.filter)}]`;
    case 'valuePathAttribute':
      return `${node.path.raw}[${formatFilter(node.filter)}].${formatFilter(node.test)}`;
  }
}
