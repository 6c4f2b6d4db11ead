/**
 * Writing SCIM responses: one place that sets the media type (`application/scim+json`, or plain
 * JSON when the quirk that imitates servers getting this wrong is on) and serializes the body.
 */
import type { ScimResponse } from './http/pipeline.js';


export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
export const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';

/** Set by the app from the quirk settings; read per response. */
export interface ResponseStyle {
  plainJsonContentType: boolean;
}

export function sendScim(res: ScimResponse, status: number, body: object | undefined, headers: Record<string, string> = {}): void {
  sendScimText(res, status, body, undefined, headers);
}

/**
 * Like sendScim, with the body's JSON text when the caller already has it (built from cached
 * views): it must be exactly `JSON.stringify(body)`, which the recorder and the client both see.
 */
export function sendScimText(res: ScimResponse, status: number, body: object | undefined, json: string | undefined, headers: Record<string, string> = {}): void {
  const style = res.locals.responseStyle as ResponseStyle | undefined;
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name]!);
  if (body === undefined || status === 204 || status === 304) {
    res.end();
    return;
  }
  // A fault rule may force a wrong media type on an otherwise normal answer.
  const forced = res.locals.forceContentType as string | undefined;
  res.setHeader('Content-Type', forced ?? (style?.plainJsonContentType ? JSON_MEDIA_TYPE : SCIM_MEDIA_TYPE));
  const text = json ?? JSON.stringify(body);
  // The recorder keeps the object and the size instead of capturing the bytes.
  res.locals.responseJson = body;
  res.locals.responseText = text;
  res.locals.responseBytes = Buffer.byteLength(text);
  res.end(text);
}
