/** Splits SCIM filter text into positioned tokens, so the parser can say exactly where a filter went wrong. */
import { badRequest } from '../errors.js';

/** A token and the 0-based offset of its first character in the filter text. */
export type Token =
  /** Attribute paths, operators, `and`/`or`/`not` and `true`/`false`/`null`: the parser decides which by position. */
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; text: string; value: string; pos: number }
  | { kind: 'number'; text: string; value: number; pos: number }
  | { kind: '(' | ')' | '[' | ']' | 'eof'; text: string; pos: number };

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const PUNCTUATION = new Set(['(', ')', '[', ']']);
/** Words hold attribute paths (`urn:...:2.0:User:manager.value`, `$ref`) as well as keywords. */
const WORD_START = /[A-Za-z_$.:]/;
const WORD_CHAR = /[A-Za-z0-9_$.:-]/;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function lexError(detail: string): never {
  throw badRequest('invalidFilter', detail);
}

/** Shows a character in an error message, making invisible ones visible. */
function showChar(ch: string): string {
  return JSON.stringify(ch);
}

/**
 * Reads a JSON string literal starting at the opening quote; returns the token and the offset after it.
 * The value is taken as slices of the text between escapes (one slice for the usual literal without
 * any), not built a character at a time.
 */
function readString(text: string, start: number): { token: Token; end: number } {
  let value = '';
  let run = start + 1;
  let i = run;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22 /* " */) {
      value += text.slice(run, i);
      return { token: { kind: 'string', text: text.slice(start, i + 1), value, pos: start }, end: i + 1 };
    }
    if (code !== 0x5c /* \ */) {
      i += 1;
      continue;
    }
    const escaped = readEscape(text, i);
    value += text.slice(run, i) + escaped.value;
    i = escaped.end;
    run = i;
  }
  return lexError(`Unterminated string starting at position ${start}`);
}

/** Decodes one backslash escape at `at` (JSON rules: \" \\ \/ \b \f \n \r \t \uXXXX). */
function readEscape(text: string, at: number): { value: string; end: number } {
  const code = text[at + 1];
  if (code === undefined) return lexError(`Unterminated escape at position ${at}`);
  const simple = SIMPLE_ESCAPES[code];
  if (simple !== undefined) return { value: simple, end: at + 2 };
  if (code === 'u') {
    const hex = text.slice(at + 2, at + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) return lexError(`Invalid unicode escape "\\u${hex}" at position ${at}; expected four hex digits`);
    return { value: String.fromCharCode(Number.parseInt(hex, 16)), end: at + 6 };
  }
  return lexError(`Invalid escape "\\${code}" at position ${at}`);
}

/** Reads a JSON number (optionally negative, with fraction and exponent) at `start`. */
function readNumber(text: string, start: number): { token: Token; end: number } {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  const end = match ? start + match[0].length : start;
  const next = text[end];
  if (!match || (next !== undefined && (WORD_CHAR.test(next) || next === '"'))) {
    let stop = end;
    while (stop < text.length && WORD_CHAR.test(text[stop] as string)) stop += 1;
    return lexError(`Invalid number "${text.slice(start, Math.max(stop, start + 1))}" at position ${start}`);
  }
  return { token: { kind: 'number', text: match[0], value: Number(match[0]), pos: start }, end };
}

/** WORD_CHAR for one UTF-16 code unit, without a regular expression run per character. */
function isWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x3a) /* 0-9 : */ || code === 0x5f || code === 0x24 || code === 0x2e || code === 0x2d;
}

/** Reads a run of word characters at `start`. */
function readWord(text: string, start: number): { token: Token; end: number } {
  let end = start + 1;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end += 1;
  return { token: { kind: 'word', text: text.slice(start, end), pos: start }, end };
}

/** Reads the token that starts at `start` (which is not whitespace). */
function readToken(text: string, start: number): { token: Token; end: number } {
  const ch = text[start] as string;
  if (PUNCTUATION.has(ch)) {
    return { token: { kind: ch as '(' | ')' | '[' | ']', text: ch, pos: start }, end: start + 1 };
  }
  if (ch === '"') return readString(text, start);
  if (ch === '-' || (ch >= '0' && ch <= '9')) return readNumber(text, start);
  if (WORD_START.test(ch)) return readWord(text, start);
  return lexError(`Unexpected character ${showChar(ch)} at position ${start}`);
}

/** Tokenizes a whole filter; the last token is always `eof`. Runs in one linear pass. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (WHITESPACE.has(text[i] as string)) {
      i += 1;
      continue;
    }
    const { token, end } = readToken(text, i);
    tokens.push(token);
    i = end;
  }
  tokens.push({ kind: 'eof', text: '', pos: text.length });
  return tokens;
}
