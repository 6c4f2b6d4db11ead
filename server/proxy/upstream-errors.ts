/**
 * Upstream failures as SCIM errors: whatever went wrong between Scimscope and the upstream (refused,
 * unknown host, timeout, reset, an answer that is not HTTP, a certificate it cannot verify) reaches
 * the IdP as a 502 or 504 with a SCIM error body that says what happened, in words.
 */
import { ScimError } from '../scim/errors.js';

/** The reasons the forwarder raises itself (Node's errors carry a `code`). */
export class UpstreamTimeout extends Error {
  constructor(readonly phase: 'connect' | 'response', readonly ms: number) {
    super(phase === 'connect' ? `connect timeout after ${ms} ms` : `response timeout after ${ms} ms`);
    this.name = 'UpstreamTimeout';
  }
}

const CERT_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID|CERT_.*)$/;

/** A short reason for the exchange record and the SCIM error that tells the IdP. */
export function upstreamFailure(error: unknown, target: string): { reason: string; scimError: ScimError } {
  const code = (error as { code?: string })?.code ?? '';
  const say = (status: 502 | 504, reason: string, detail: string) => ({ reason, scimError: new ScimError(status, `Scimscope could not get an answer from the upstream SCIM server at ${target}: ${detail}`) });
  if (error instanceof UpstreamTimeout) {
    return error.phase === 'connect'
      ? say(504, error.message, `it did not accept a connection within ${error.ms} ms.`)
      : say(504, error.message, `it did not answer within ${error.ms} ms.`);
  }
  if (code === 'ECONNREFUSED') return say(502, 'connection refused', 'the connection was refused (is the server running on that port?).');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return say(502, `host not found (${code})`, 'its host name could not be resolved.');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return say(502, `unreachable (${code})`, 'the host is unreachable.');
  if (code === 'ECONNRESET' || code === 'EPIPE' || (error as Error)?.message === 'socket hang up') {
    return say(502, 'connection closed without an answer', 'it closed the connection without answering.');
  }
  if (code.startsWith('HPE_')) return say(502, `not an HTTP answer (${code})`, 'it answered with something that is not HTTP.');
  if (CERT_CODES.test(code)) {
    return say(502, `certificate not trusted (${code})`, `its TLS certificate could not be verified (${code}). For a self-signed certificate, allow it explicitly (--upstream-insecure).`);
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('EPROTO')) return say(502, `TLS failed (${code})`, `the TLS handshake failed (${code}); is it really https?`);
  const message = (error as Error)?.message ?? String(error);
  return say(502, `upstream error: ${message}`, message);
}
