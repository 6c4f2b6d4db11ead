/** Parses RFC 7644 §3.4.2.2 filter text into a FilterNode, rejecting malformed or pathological filters with invalidFilter. */
import { badRequest } from '../errors.js';
import type { AttributePathRef, CompareNode, CompareOperator, FilterLiteral, FilterNode, PresentNode } from './ast.js';
import { parseAttributePathRef } from './attribute-path.js';
import { tokenize, type Token } from './lexer.js';

/** Longest filter text accepted; longer filters are refused before tokenizing. */
export const MAX_FILTER_LENGTH = 10_000;
/** Deepest nesting of `(...)`, `not (...)` and `[...]` accepted, so no filter can exhaust the stack. */
export const MAX_FILTER_DEPTH = 50;

const COMPARE_OPERATORS: ReadonlySet<string> = new Set<CompareOperator>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const LITERAL_WORDS: Record<string, FilterLiteral> = { true: true, false: false, null: null };
const OPERATOR_LIST = 'eq, ne, co, sw, ew, pr, gt, ge, lt, le';

function filterError(detail: string): never {
  throw badRequest('invalidFilter', detail);
}

/** How a token reads in an error message. */
function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of filter';
  const text = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
  return token.kind === 'string' ? text : `"${text}"`;
}

function isWord(token: Token, word: string): boolean {
  return token.kind === 'word' && token.text.toLowerCase() === word;
}

/** True for tokens that can only be a comparison value. */
function isLiteral(token: Token): boolean {
  return token.kind === 'string' || token.kind === 'number' || (token.kind === 'word' && token.text.toLowerCase() in LITERAL_WORDS);
}

/** Recursive-descent parser: or → and → unary (not, parentheses, attribute expression, value path). */
class FilterParser {
  private index = 0;
  private depth = 0;
  private insideValuePath = false;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): FilterNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'eof') {
      const hint = next.kind === ')' ? 'Unbalanced ")"' : `Expected "and", "or" or end of filter, found ${describe(next)}`;
      filterError(`${hint} at position ${next.pos}`);
    }
    return node;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    if (token.kind === '(') return this.parseGroup();
    if (isWord(token, 'not')) return this.parseNot();
    if (token.kind === 'word' && !isWord(token, 'and') && !isWord(token, 'or') && !isLiteral(token)) {
      return this.parseAttributeExpression();
    }
    return filterError(`Expected an attribute path, "not" or "(" at position ${token.pos}, found ${describe(token)}`);
  }

  /** Counts one level of nesting and refuses to go past MAX_FILTER_DEPTH. */
  private nested<T>(opener: Token, body: () => T): T {
    if (this.depth >= MAX_FILTER_DEPTH) {
      filterError(`Filter is nested more than ${MAX_FILTER_DEPTH} levels deep at position ${opener.pos}`);
    }
    this.depth += 1;
    try {
      return body();
    } finally {
      this.depth -= 1;
    }
  }

  private expectClose(kind: ')' | ']', opener: Token): void {
    const token = this.next();
    if (token.kind === kind) return;
    const opened = `"${opener.text}" opened at position ${opener.pos}`;
    filterError(`Expected "and", "or" or "${kind}" to close ${opened}, found ${describe(token)} at position ${token.pos}`);
  }

  /** Parses `( filter )`; `not (...)` shares it, so `not (` counts as one nesting level. */
  private parseGroup(): FilterNode {
    const open = this.next();
    return this.nested(open, () => {
      const inner = this.parseOr();
      this.expectClose(')', open);
      return inner;
    });
  }

  private parseNot(): FilterNode {
    this.next();
    const open = this.peek();
    if (open.kind !== '(') {
      filterError(`Expected "(" after "not" at position ${open.pos} (write not (...)), found ${describe(open)}`);
    }
    return { kind: 'not', expr: this.parseGroup() };
  }

  private parseAttributeExpression(): FilterNode {
    const pathToken = this.next();
    const path = parseAttributePathRef(pathToken.text, { position: pathToken.pos });
    if (this.peek().kind === '[') return this.parseValuePath(path, pathToken);
    return this.parseTest(path, pathToken);
  }

  /** The `pr` or `op value` after an attribute path. */
  private parseTest(path: AttributePathRef, pathToken: Token): CompareNode | PresentNode {
    const opToken = this.next();
    const op = opToken.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') return this.finishPresent(path);
    if (!COMPARE_OPERATORS.has(op)) {
      filterError(`Expected a comparison operator (${OPERATOR_LIST}) after "${pathToken.text}" at position ${opToken.pos}, found ${describe(opToken)}`);
    }
    return { kind: 'compare', path, op: op as CompareOperator, value: this.parseLiteral(opToken) };
  }

  private finishPresent(path: AttributePathRef): PresentNode {
    const after = this.peek();
    if (isLiteral(after)) filterError(`The "pr" operator takes no value, found ${describe(after)} at position ${after.pos}`);
    return { kind: 'present', path };
  }

  private parseLiteral(opToken: Token): FilterLiteral {
    const token = this.next();
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'word') {
      const keyword = token.text.toLowerCase();
      if (keyword in LITERAL_WORDS) return LITERAL_WORDS[keyword] as FilterLiteral;
    }
    const what = token.kind === 'word' ? ` (strings must be in double quotes)` : '';
    return filterError(
      `Expected a value (a quoted string, number, true, false or null) after "${opToken.text}" at position ${token.pos}, found ${describe(token)}${what}`,
    );
  }

  private parseValuePath(path: AttributePathRef, pathToken: Token): FilterNode {
    const open = this.next();
    if (this.insideValuePath) filterError(`Value paths cannot be nested: "[" at position ${open.pos}`);
    if (path.subAttribute !== null) {
      filterError(`A value path must name a multi-valued attribute, not the sub-attribute "${path.raw}", at position ${pathToken.pos}`);
    }
    const filter = this.nested(open, () => {
      this.insideValuePath = true;
      try {
        const inner = this.parseOr();
        this.expectClose(']', open);
        return inner;
      } finally {
        this.insideValuePath = false;
      }
    });
    const after = this.peek();
    if (after.kind === 'word' && after.text.startsWith('.')) return this.parseValuePathAttribute(path, filter, after);
    return { kind: 'valuePath', path, filter };
  }

  /**
   * `emails[type eq "work"].value eq "x"`: a sub-attribute after "]" and then a test. RFC 7644
   * §3.4.2.2 keeps this form for PATCH paths, but Entra matches users with it (Microsoft's "Develop
   * a SCIM endpoint" tutorial, https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups).
   */
  private parseValuePathAttribute(path: AttributePathRef, filter: FilterNode, subToken: Token): FilterNode {
    this.next();
    const name = subToken.text.slice(1);
    if (name === '') filterError(`Expected a sub-attribute name after "]." at position ${subToken.pos + 1}`);
    const sub = parseAttributePathRef(name, { position: subToken.pos + 1 });
    if (sub.urn !== null || sub.subAttribute !== null) {
      filterError(`Expected one sub-attribute name after "]" at position ${subToken.pos}, found "${subToken.text}"`);
    }
    const test = this.parseTest(sub, { ...subToken, text: `${path.raw}[...]${subToken.text}` });
    return { kind: 'valuePathAttribute', path, filter, test };
  }
}

/**
 * Parses a SCIM filter. Operators and `and`/`or`/`not` are case-insensitive; precedence is
 * not > and > or; `not` needs parentheses. Throws ScimError 400 invalidFilter with the position
 * (0-based character offset) of the problem.
 */
export function parseFilter(text: string): FilterNode {
  if (typeof text !== 'string') filterError('Filter must be a string');
  if (text.length > MAX_FILTER_LENGTH) filterError(`Filter is ${text.length} characters long; the limit is ${MAX_FILTER_LENGTH}`);
  if (text.trim() === '') filterError('Filter is empty');
  return new FilterParser(tokenize(text)).parseAll();
}
