/**
 * The short-lived state between the admin's browser and the IdP's token request, kept in memory
 * only (a restart in the middle of a consent simply means consenting again): pending consent
 * requests, each with its CSRF token, and authorization codes. Codes are single-use and expire
 * after a minute (RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is
 * RECOMMENDED"); a code presented twice is refused and the tokens it produced are revoked.
 */
import crypto from 'node:crypto';
import { hashToken, newSecret } from './token-store.js';

export const CODE_TTL_MS = 60_000;
export const CONSENT_TTL_MS = 10 * 60_000;
const MAX_PENDING = 200;

/** What an authorization request asked for, once validated. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | null;
  codeChallenge: string | null;
}

interface PendingConsent {
  request: AuthorizationRequest;
  csrfHash: string;
  expiresAt: number;
}

interface CodeRecord {
  request: AuthorizationRequest;
  expiresAt: number;
  /** The token family the code was exchanged for, once it was. */
  familyId: string | null;
}

/**
 * A redeemed code: `settle` once tokens are issued for it; `release` when the token request is refused
 * after all (wrong redirect_uri, PKCE verifier, client) or fails, so the refusal changes nothing and the
 * code stays redeemable by the client it was issued to (a thief's failed try must not burn it).
 */
export type CodeRedemption = { ok: true; request: AuthorizationRequest; settle: (familyId: string) => void; release: () => void } | { ok: false; reason: 'unknown' | 'expired' | 'replayed'; familyId: string | null };

export class GrantStore {
  private readonly consents = new Map<string, PendingConsent>();
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts a consent; returns the id the form posts back and the CSRF token it must carry. */
  openConsent(request: AuthorizationRequest): { id: string; csrf: string } {
    this.prune();
    const id = crypto.randomBytes(16).toString('base64url');
    const csrf = crypto.randomBytes(24).toString('base64url');
    this.consents.set(id, { request, csrfHash: hashToken(csrf), expiresAt: this.now() + CONSENT_TTL_MS });
    return { id, csrf };
  }

  /** Takes a pending consent out (it can be answered once); null when unknown, expired or the CSRF token is wrong. */
  takeConsent(id: string, csrf: string): AuthorizationRequest | null {
    const pending = this.consents.get(id);
    if (!pending) return null;
    const presented = Buffer.from(hashToken(csrf), 'hex');
    if (!crypto.timingSafeEqual(presented, Buffer.from(pending.csrfHash, 'hex'))) return null;
    this.consents.delete(id);
    return pending.expiresAt > this.now() ? pending.request : null;
  }

  /** Peeks at a pending consent (to redirect an error to its client); null when unknown. */
  pendingRequest(id: string): AuthorizationRequest | null {
    return this.consents.get(id)?.request ?? null;
  }

  issueCode(request: AuthorizationRequest): string {
    this.prune();
    const code = newSecret('code');
    this.codes.set(hashToken(code), { request, expiresAt: this.now() + CODE_TTL_MS, familyId: null });
    return code;
  }

  /** Redeems a code once; the caller reports the family it issued so a replay can revoke it. */
  redeemCode(code: string): CodeRedemption {
    const key = hashToken(code);
    const record = this.codes.get(key);
    if (!record) return { ok: false, reason: 'unknown', familyId: null };
    if (record.familyId !== null) return { ok: false, reason: 'replayed', familyId: record.familyId };
    if (record.expiresAt <= this.now()) {
      this.codes.delete(key);
      return { ok: false, reason: 'expired', familyId: null };
    }
    record.familyId = 'pending';
    return {
      ok: true,
      request: record.request,
      settle: (familyId) => (record.familyId = familyId),
      release: () => {
        if (record.familyId === 'pending') record.familyId = null;
      },
    };
  }

  private prune(): void {
    const t = this.now();
    for (const [id, p] of this.consents) if (p.expiresAt <= t) this.consents.delete(id);
    // A redeemed code is kept until long after it expired, so a replay is still recognised as one.
    for (const [key, c] of this.codes) if (c.expiresAt + CONSENT_TTL_MS <= t) this.codes.delete(key);
    while (this.consents.size > MAX_PENDING) this.consents.delete(this.consents.keys().next().value!);
  }
}
