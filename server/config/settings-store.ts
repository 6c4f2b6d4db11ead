/**
 * The live settings: what settings.json holds, plus per-run overrides from the command line
 * (`--token`, `--auth`...) that apply to this run without rewriting the file. Updates are validated,
 * saved atomically, and announced on the event bus.
 */
import path from 'node:path';
import { AppError } from '../app-errors.js';
import type { AuthMode, Settings, UpstreamSettings } from '../contract/settings.js';
import type { EventBus } from '../events/event-bus.js';
import { generateToken, loadSettings, saveSettings, settingsSchema } from './settings-file.js';
import { SerialQueue } from './serial-queue.js';

export interface SettingsOverrides {
  token?: string;
  adminToken?: string;
  auth?: AuthMode;
  /** `--upstream`, `--upstream-token`... for this run. */
  upstream?: Partial<UpstreamSettings>;
}

/** A deep partial of Settings, as the admin API accepts it. */
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object | null ? (T[K] extends null ? T[K] : DeepPartial<T[K]> | T[K]) : T[K] };
export type SettingsPatch = DeepPartial<Settings>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Merges plain objects key by key (so `{ auth: { basic: { password } } }` keeps the username). */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = deepMerge(base[key], value);
  return out;
}

/** The origin of an upstream URL, or null (no URL, or one that does not parse). */
export function upstreamOrigin(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The upstream token belongs to the server it was entered for: a change that points the upstream at
 * another origin (scheme, host or port) without sending a token drops it, so a settings change or an
 * imported bundle cannot carry the user's credential to a server it was not meant for.
 */
function bindUpstreamToken(base: Settings, patch: SettingsPatch, next: Settings): Settings {
  const sentUrl = patch.upstream?.url;
  if (sentUrl === undefined || sentUrl === null || patch.upstream?.token !== undefined || next.upstream.token === null) return next;
  if (upstreamOrigin(sentUrl) === upstreamOrigin(base.upstream.url)) return next;
  return { ...next, upstream: { ...next.upstream, token: null } };
}

export class SettingsStore {
  /** `stored` with this run's overrides applied; rebuilt only when either changes (it is read several times per request). */
  private effective: Settings | null = null;
  /** The updates, one after the other, whether the one before succeeded or not. */
  private readonly updates = new SerialQueue();

  private constructor(
    private stored: Settings,
    private storedAdminToken: string,
    private overrides: SettingsOverrides,
    private readonly file: string | null,
    private readonly bus: EventBus,
    readonly created: boolean,
  ) {}

  static async open(dir: string | null, overrides: SettingsOverrides, bus: EventBus): Promise<SettingsStore> {
    if (dir === null) {
      const settings = settingsSchema.parse({});
      return new SettingsStore(settings, generateToken('admin'), overrides, null, bus, true);
    }
    const loaded = await loadSettings(dir);
    return new SettingsStore(loaded.settings, loaded.adminToken, overrides, loaded.file, bus, loaded.created);
  }

  get current(): Settings {
    return (this.effective ??= this.withOverrides());
  }

  private withOverrides(): Settings {
    const { token, auth, upstream } = this.overrides;
    if (token === undefined && auth === undefined && upstream === undefined) return this.stored;
    return {
      ...this.stored,
      auth: { ...this.stored.auth, ...(token !== undefined ? { token } : {}), ...(auth !== undefined ? { mode: auth } : {}) },
      upstream: { ...this.stored.upstream, ...(upstream ?? {}) },
    };
  }

  get adminToken(): string {
    return this.overrides.adminToken ?? this.storedAdminToken;
  }

  get location(): string | null {
    return this.file;
  }

  /** Applies a partial update; an explicit change to a value that was overridden drops the override. */
  update(patch: SettingsPatch): Promise<Settings> {
    return this.updates.run(() => this.apply(patch));
  }

  private async apply(patch: SettingsPatch): Promise<Settings> {
    // A change to the upstream starts from this run's upstream (`--upstream` flags), which it then replaces.
    const base = patch.upstream !== undefined && this.overrides.upstream ? { ...this.stored, upstream: { ...this.stored.upstream, ...this.overrides.upstream } } : this.stored;
    const next = bindUpstreamToken(base, patch, settingsSchema.parse(deepMerge(base, patch)));
    if (this.file) {
      try {
        await saveSettings(this.file, this.storedAdminToken, next);
      } catch (error) {
        throw new AppError('STORE_WRITE_FAILED', { reason: `${path.basename(this.file)}: ${(error as Error).message}` }, { cause: error });
      }
    }
    if (patch.auth?.token !== undefined) delete this.overrides.token;
    if (patch.auth?.mode !== undefined) delete this.overrides.auth;
    if (patch.upstream !== undefined) delete this.overrides.upstream;
    this.stored = next;
    this.effective = null;
    this.bus.emit('settings:changed', { keys: Object.keys(patch) });
    return this.current;
  }

  /** Issues a new SCIM token (Okta must then be given the new value). */
  async regenerateToken(): Promise<Settings> {
    return this.update({ auth: { token: generateToken('scim') } });
  }
}
