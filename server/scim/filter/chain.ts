/** Flattens runs of one logical operator, so long `a and b and c ...` chains never cost stack depth. */
import type { FilterNode } from './ast.js';

/** The operands of a chain of `kind` nodes, left to right, gathered with an explicit stack. */
export function flattenChain(node: FilterNode, kind: 'and' | 'or'): FilterNode[] {
  const operands: FilterNode[] = [];
  const stack: FilterNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as FilterNode;
    if (current.kind === kind) stack.push(current.right, current.left);
    else operands.push(current);
  }
  return operands;
}
