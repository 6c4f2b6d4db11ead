/**
 * The live settings: what settings.json holds, plus per-run overrides from the command line
 * (`--token`, `--auth`...) that apply to this run without rewriting the file. Updates are validated,
 * saved atomically, and announced on the event bus.
 */
import type { AuthMode, Settings } from '../contract/settings.js';
import type { EventBus } from '../events/event-bus.js';
import { generateToken, loadSettings, saveSettings, settingsSchema } from './settings-file.js';

export interface SettingsOverrides {
  token?: string;
  adminToken?: string;
  auth?: AuthMode;
}

/** A deep partial of Settings, as the admin API accepts it. */
export type SettingsPatch = { [K in keyof Settings]?: Settings[K] extends object ? Partial<Settings[K]> : Settings[K] };

export class SettingsStore {
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
    const { token, auth } = this.overrides;
    if (token === undefined && auth === undefined) return this.stored;
    return { ...this.stored, auth: { ...this.stored.auth, ...(token !== undefined ? { token } : {}), ...(auth !== undefined ? { mode: auth } : {}) } };
  }

  get adminToken(): string {
    return this.overrides.adminToken ?? this.storedAdminToken;
  }

  get location(): string | null {
    return this.file;
  }

  /** Applies a partial update; an explicit change to a value that was overridden drops the override. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const merged: Record<string, unknown> = { ...this.stored };
    for (const [key, value] of Object.entries(patch)) {
      const existing = (this.stored as unknown as Record<string, unknown>)[key];
      merged[key] = value !== null && typeof value === 'object' && !Array.isArray(value) && existing && typeof existing === 'object' ? { ...existing, ...value } : value;
    }
    const next = settingsSchema.parse(merged);
    if (patch.auth?.token !== undefined) delete this.overrides.token;
    if (patch.auth?.mode !== undefined) delete this.overrides.auth;
    if (this.file) await saveSettings(this.file, this.storedAdminToken, next);
    this.stored = next;
    this.bus.emit('settings:changed', { keys: Object.keys(patch) });
    return this.current;
  }

  /** Issues a new SCIM token (Okta must then be given the new value). */
  async regenerateToken(): Promise<Settings> {
    return this.update({ auth: { token: generateToken('scim') } });
  }
}
