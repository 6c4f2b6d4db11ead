/**
 * Writing SCIM responses: one place that sets the media type (`application/scim+json`, or plain
 * JSON when the quirk that imitates servers getting this wrong is on) and serializes the body.
 */
import type { ScimResponse } from './http/pipeline.js';
import type { ListPageText } from './list-page.js';

export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
export const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';

/** Set by the app from the quirk settings; read per response. */
export interface ResponseStyle {
  plainJsonContentType: boolean;
}

export function sendScim(res: ScimResponse, status: number, body: object | undefined, headers: Record<string, string> = {}): void {
  if (body === undefined || status === 204 || status === 304) {
    writeHead(res, status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  sendScimJson(res, status, text, headers, Buffer.byteLength(text));
}

/**
 * Sends JSON the caller already serialized: a view's text, or a list page concatenated from cached
 * texts. `bytes` is its UTF-8 length when the caller knows it (saves a scan of a page). The recorder
 * is told the body is the server's own JSON (`responseJson`, which it reads only as that flag) and
 * handed the text as sent (`responseText`).
 */
export function sendScimJson(res: ScimResponse, status: number, json: string, headers: Record<string, string> = {}, bytes?: number): void {
  writeHead(res, status, headers);
  const style = res.locals.responseStyle as ResponseStyle | undefined;
  // A fault rule may force a wrong media type on an otherwise normal answer.
  const forced = res.locals.forceContentType as string | undefined;
  res.setHeader('Content-Type', forced ?? (style?.plainJsonContentType ? JSON_MEDIA_TYPE : SCIM_MEDIA_TYPE));
  res.locals.responseJson = true;
  res.locals.responseText = json;
  res.locals.responseBytes = bytes ?? Buffer.byteLength(json);
  res.end(json);
}

/** What the recorder may read beside `responseText`: the spans of a list page's resources in that very text. */
export interface ResponseListSpans {
  /** The text the spans were made for: valid only while `res.locals.responseText` is this text. */
  text: string;
  spans: ListPageText['spans'];
}

/**
 * Sends a list page (list-page.ts) as its text. The page's spans are left for the recorder on
 * `res.locals.responseListSpans`, with the text they belong to, so a recorder that finds
 * `responseText` replaced (scrubbed, edited) scans instead.
 */
export function sendScimList(res: ScimResponse, page: ListPageText): void {
  res.locals.responseListSpans = { text: page.json, spans: page.spans } satisfies ResponseListSpans;
  sendScimJson(res, 200, page.json, {}, page.bytes);
}

function writeHead(res: ScimResponse, status: number, headers: Record<string, string>): void {
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name]!);
}
