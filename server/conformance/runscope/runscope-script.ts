/**
 * Runs the small JavaScript parts of a Runscope test (the initial script, before-request and
 * post-response scripts) the way Runscope offers them: with `variables` (get/set), `request`,
 * `response`, Chai's `assert` and `log`, in a fresh node:vm context with a time limit. node:vm
 * keeps a script from touching this process's globals (no require, process or fetch) and stops
 * runaway loops; it is not a security boundary, so run files you trust (Okta's, your own).
 */
import vm from 'node:vm';
import { assert } from 'chai';
import type { RunscopeResponse, Variables } from './runscope-variables.js';

export const SCRIPT_TIMEOUT_MS = 1000;

export interface ScriptRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ScriptOutcome {
  ok: boolean;
  error?: string;
  logs: string[];
}

/**
 * The request as a before-request script left it, as text: a header set to an array (Runscope's
 * header values are arrays) is joined, one set to null or undefined is dropped.
 */
export function requestAsEdited(request: ScriptRequest): ScriptRequest {
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(', ') : String(v));
  const headers: Record<string, string> = {};
  const edited = request.headers as unknown;
  if (edited !== null && typeof edited === 'object') for (const [name, value] of Object.entries(edited)) if (value !== undefined && value !== null) headers[name] = text(value);
  return { method: text(request.method).toUpperCase() || 'GET', url: text(request.url), headers, body: text(request.body) };
}

function format(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** `parts.request` is handed to the script as is (not a copy): read it back with requestAsEdited. */
export function runScript(code: string, variables: Variables, parts: { request?: ScriptRequest; response?: RunscopeResponse }, label: string): ScriptOutcome {
  const logs: string[] = [];
  if (code.trim() === '') return { ok: true, logs };
  const response = parts.response
    ? {
        status: parts.response.status,
        body: parts.response.text,
        headers: Object.fromEntries(Object.entries(parts.response.headers).map(([k, v]) => [k, [v]])),
        response_time_ms: parts.response.timeMs,
        size_bytes: Buffer.byteLength(parts.response.text),
        content_type: parts.response.headers['content-type'] ?? '',
      }
    : undefined;
  const context = vm.createContext(
    {
      variables: { get: (name: string) => variables.get(String(name)), set: (name: string, value: unknown) => variables.set(String(name), value) },
      // The live object: a before-request script's assignments to url, body, method or headers are sent.
      request: parts.request,
      response,
      assert,
      log: (...values: unknown[]) => logs.push(values.map(format).join(' ')),
      console: { log: (...values: unknown[]) => logs.push(values.map(format).join(' ')) },
    },
    { codeGeneration: { strings: false, wasm: false } },
  );
  try {
    vm.runInContext(code, context, { timeout: SCRIPT_TIMEOUT_MS, filename: label });
    return { ok: true, logs };
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    const timedOut = /Script execution timed out/.test(message);
    return { ok: false, error: timedOut ? `${label} ran longer than ${SCRIPT_TIMEOUT_MS} ms and was stopped` : `${label}: ${message}`, logs };
  }
}
