/**
 * The authorization server's issued tokens: opaque random strings, of which only SHA-256 hashes are
 * kept, in memory and in oauth-tokens.json in the data folder (written atomically, and awaited before
 * a token is handed out, so a token the IdP holds survives a restart). Refresh tokens rotate on use;
 * presenting an already-rotated refresh token is treated as theft and revokes its whole family, as
 * the OAuth 2.0 Security BCP (RFC 9700 §4.14.2) and RFC 6819 §5.2.2.3 recommend.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-write.js';
import { readValidatedJson } from '../config/validated-json.js';

export const TOKENS_FILE = 'oauth-tokens.json';
/** Refresh tokens outlive access tokens by far; a month keeps a demo connection alive. */
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;

const recordSchema = z.object({
  kind: z.enum(['access', 'refresh']),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  clientId: z.string(),
  scope: z.string(),
  familyId: z.string(),
  issuedAt: z.number(),
  expiresAt: z.number(),
  /** Refresh tokens: when it was exchanged for a new pair (a second use is a replay). */
  rotatedAt: z.number().nullable().default(null),
  revokedAt: z.number().nullable().default(null),
});
const fileSchema = z.object({ version: z.literal(1), tokens: z.array(recordSchema) });
type TokenRecord = z.infer<typeof recordSchema>;

export const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');
export const newSecret = (prefix: string): string => `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number;
  scope: string;
  familyId: string;
}

export type AccessCheck = { ok: true; clientId: string; scope: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };
export type RefreshOutcome = { ok: true; tokens: IssuedTokens } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' | 'wrong-client' };

export class TokenStore {
  private readonly byHash = new Map<string, TokenRecord>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | null,
    private readonly now: () => number,
  ) {}

  static async open(dir: string | null, now: () => number = Date.now): Promise<TokenStore> {
    const store = new TokenStore(dir === null ? null : path.join(dir, TOKENS_FILE), now);
    if (store.file) {
      const read = await readValidatedJson(store.file, fileSchema, 'OAUTH_TOKENS_CORRUPT');
      for (const record of read?.data.tokens ?? []) store.byHash.set(record.hash, record);
    }
    return store;
  }

  get location(): string | null {
    return this.file;
  }

  /** Issues an access token (and a refresh token unless `refresh` is false) in a family. */
  async issue(clientId: string, scope: string, ttlSeconds: number, options: { refresh: boolean; familyId?: string }): Promise<IssuedTokens> {
    const t = this.now();
    const familyId = options.familyId ?? crypto.randomUUID();
    const accessToken = newSecret('at');
    this.add({ kind: 'access', hash: hashToken(accessToken), clientId, scope, familyId, issuedAt: t, expiresAt: t + ttlSeconds * 1000, rotatedAt: null, revokedAt: null });
    let refreshToken: string | null = null;
    if (options.refresh) {
      refreshToken = newSecret('rt');
      this.add({ kind: 'refresh', hash: hashToken(refreshToken), clientId, scope, familyId, issuedAt: t, expiresAt: t + REFRESH_TTL_SECONDS * 1000, rotatedAt: null, revokedAt: null });
    }
    try {
      await this.save();
    } catch (error) {
      // Not written, not handed out: forgotten, so the failed request leaves nothing behind.
      this.byHash.delete(hashToken(accessToken));
      if (refreshToken) this.byHash.delete(hashToken(refreshToken));
      throw error;
    }
    return { accessToken, refreshToken, expiresIn: ttlSeconds, scope, familyId };
  }

  checkAccess(token: string): AccessCheck {
    const record = this.byHash.get(hashToken(token));
    if (!record || record.kind !== 'access') return { ok: false, reason: 'unknown' };
    if (record.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (record.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, clientId: record.clientId, scope: record.scope };
  }

  /** Exchanges a refresh token for a new pair; a rotated token presented again revokes its family. */
  async rotate(refreshToken: string, clientId: string, ttlSeconds: number): Promise<RefreshOutcome> {
    const record = this.byHash.get(hashToken(refreshToken));
    if (!record || record.kind !== 'refresh') return { ok: false, reason: 'unknown' };
    if (record.clientId !== clientId) return { ok: false, reason: 'wrong-client' };
    if (record.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (record.rotatedAt !== null) {
      await this.revokeFamily(record.familyId);
      return { ok: false, reason: 'reused' };
    }
    if (record.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    // Access tokens issued earlier stay valid until they expire (requests may still be in flight with them).
    record.rotatedAt = this.now();
    try {
      const tokens = await this.issue(record.clientId, record.scope, ttlSeconds, { refresh: true, familyId: record.familyId });
      return { ok: true, tokens };
    } catch (error) {
      // The new pair could not be written: the presented token is still the live one, not a reused one.
      record.rotatedAt = null;
      throw error;
    }
  }

  /** RFC 7009: revokes one token; a refresh token takes its family (and its access tokens) with it. */
  async revoke(token: string, clientId: string): Promise<boolean> {
    const record = this.byHash.get(hashToken(token));
    if (!record || record.clientId !== clientId) return false;
    if (record.kind === 'refresh') return (await this.revokeFamily(record.familyId)) > 0;
    if (record.revokedAt !== null) return false;
    record.revokedAt = this.now();
    await this.save();
    return true;
  }

  async revokeFamily(familyId: string): Promise<number> {
    let n = 0;
    for (const r of this.byHash.values()) {
      if (r.familyId === familyId && r.revokedAt === null) {
        r.revokedAt = this.now();
        n++;
      }
    }
    if (n > 0) await this.save();
    return n;
  }

  /** "Revoke all tokens" in the inspector: every live token stops working at once. */
  async revokeAll(): Promise<number> {
    let n = 0;
    for (const r of this.byHash.values()) {
      if (r.revokedAt === null && r.expiresAt > this.now()) {
        r.revokedAt = this.now();
        n++;
      }
    }
    await this.save();
    return n;
  }

  /** Makes every live access token expire now (refresh tokens keep working): the IdP's refresh path. */
  async expireAccessTokens(): Promise<number> {
    let n = 0;
    const t = this.now();
    for (const r of this.byHash.values()) {
      if (r.kind === 'access' && r.revokedAt === null && r.expiresAt > t) {
        r.expiresAt = t;
        n++;
      }
    }
    await this.save();
    return n;
  }

  counts(): { accessTokens: number; refreshTokens: number } {
    const t = this.now();
    let accessTokens = 0;
    let refreshTokens = 0;
    for (const r of this.byHash.values()) {
      if (r.revokedAt !== null || r.expiresAt <= t) continue;
      if (r.kind === 'access') accessTokens++;
      else if (r.rotatedAt === null) refreshTokens++;
    }
    return { accessTokens, refreshTokens };
  }

  /** Waits for the last write. */
  async close(): Promise<void> {
    await this.writing;
  }

  private add(record: TokenRecord): void {
    this.byHash.set(record.hash, record);
  }

  /** Drops what can never be presented successfully again (long expired), then writes the file. */
  private save(): Promise<void> {
    const cutoff = this.now() - 24 * 3600 * 1000;
    for (const [hash, r] of this.byHash) if (r.expiresAt < cutoff || (r.revokedAt !== null && r.revokedAt < cutoff)) this.byHash.delete(hash);
    if (!this.file) return Promise.resolve();
    const file = this.file;
    const text = `${JSON.stringify({ version: 1, tokens: [...this.byHash.values()] })}\n`;
    // Writes run one after another, each with the state at the time it was asked for.
    const next = this.writing.catch(() => undefined).then(() => writeFileAtomic(file, text));
    this.writing = next;
    return next;
  }
}
