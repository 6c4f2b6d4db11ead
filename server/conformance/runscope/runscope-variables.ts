/**
 * Runscope's variables: the `{{name}}` templates in URLs, headers, bodies and assertion values, the
 * few built-in functions Okta's files could use, and the extractors that set variables from a
 * response (JSON property, header, text, status).
 */
import crypto from 'node:crypto';
import { getPath } from '../../idp/request-shapes.js';
import type { RunscopeExtractor } from './runscope-file.js';

export interface RunscopeResponse {
  status: number;
  text: string;
  json: unknown;
  headers: Record<string, string>;
  timeMs: number;
}

export class Variables {
  private readonly values = new Map<string, string>();
  /** Template names used but never set (reported, like Runscope leaving them empty). */
  readonly missing = new Set<string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  set(name: string, value: unknown): void {
    this.values.set(name, value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** `{{name}}` and the built-ins `{{timestamp}}`, `{{uuid}}`, `{{random_int}}`, `{{random_string(n)}}`. */
  fill(template: string): string {
    return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, expr: string) => {
      if (this.values.has(expr)) return this.values.get(expr)!;
      if (expr === 'timestamp') return String(Math.floor(Date.now() / 1000));
      if (expr === 'uuid') return crypto.randomUUID();
      if (expr === 'random_int') return String(crypto.randomInt(0, 2 ** 31 - 1));
      const random = /^random_string\((\d+)\)$/.exec(expr);
      if (random) return crypto.randomBytes(Number(random[1])).toString('base64url').slice(0, Number(random[1]));
      this.missing.add(expr);
      return '';
    });
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}

/** Reads what an assertion or extractor points at in a response. */
export function sourceValue(response: RunscopeResponse, source: string, property: string | null | undefined): unknown {
  switch (source) {
    case 'response_status':
      return response.status;
    case 'response_time':
      return response.timeMs;
    case 'response_size':
      return Buffer.byteLength(response.text);
    case 'response_text':
      return response.text;
    case 'response_headers':
      return property ? response.headers[property.toLowerCase()] : response.headers;
    case 'response_json':
      return property ? getPath(response.json, property) : response.json;
    default:
      throw new Error(`unknown source "${source}"`);
  }
}

export function extract(variables: Variables, response: RunscopeResponse, extractors: RunscopeExtractor[]): string[] {
  const problems: string[] = [];
  for (const x of extractors) {
    if (!x.name) continue;
    try {
      const value = sourceValue(response, x.source, x.property);
      if (value === undefined) problems.push(`variable ${x.name}: nothing at ${x.source} ${x.property ?? ''}`.trim());
      variables.set(x.name, value);
    } catch (error) {
      problems.push(`variable ${x.name}: ${(error as Error).message}`);
    }
  }
  return problems;
}
