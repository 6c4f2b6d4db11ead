/**
 * Writing SCIM responses: one place that sets the media type (`application/scim+json`, or plain
 * JSON when the quirk that imitates servers getting this wrong is on) and serializes the body.
 */
import type { Response } from 'express';


export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
export const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';

/** Set by the app from the quirk settings; read per response. */
export interface ResponseStyle {
  plainJsonContentType: boolean;
}

export function sendScim(res: Response, status: number, body: object | undefined, headers: Record<string, string> = {}): void {
  const style = res.locals.responseStyle as ResponseStyle | undefined;
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined || status === 204 || status === 304) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', style?.plainJsonContentType ? JSON_MEDIA_TYPE : SCIM_MEDIA_TYPE);
  // The recorder keeps this object instead of parsing the bytes back.
  res.locals.responseJson = body;
  res.end(JSON.stringify(body));
}
