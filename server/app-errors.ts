/**
 * Application errors as stable codes with one message table, so the CLI, the desktop shell and
 * the admin API tell users the same sentence for the same problem (port taken, corrupt store...).
 */

export type AppErrorCode =
  | 'PORT_IN_USE'
  | 'PORT_FORBIDDEN'
  | 'STORE_CORRUPT'
  | 'STORE_TOO_NEW'
  | 'STORE_INVALID'
  | 'JOURNAL_CORRUPT'
  | 'DATA_FOLDER_LOCKED'
  | 'DATA_FOLDER_UNWRITABLE'
  | 'SETTINGS_CORRUPT'
  | 'FAULTS_CORRUPT'
  | 'BREAKPOINTS_CORRUPT'
  | 'OAUTH_TOKENS_CORRUPT'
  | 'STORE_WRITE_FAILED'
  | 'STORE_CONFLICT'
  | 'INVALID_OPTION'
  | 'TUNNEL_FAILED'
  | 'SNAPSHOT_CORRUPT'
  | 'SNAPSHOT_TOO_NEW'
  | 'BUNDLE_INVALID'
  | 'BUNDLE_TOO_NEW';

const MESSAGES: Record<AppErrorCode, (p: Record<string, string | number>) => string> = {
  PORT_IN_USE: (p) => `Port ${p.port} on ${p.host} is already in use. Stop the program using it, or choose another port with ${p.flag} (0 picks a free one).`,
  PORT_FORBIDDEN: (p) => `Not allowed to listen on port ${p.port} on ${p.host} (${p.reason}). Choose a port above 1024 with ${p.flag}.`,
  STORE_CORRUPT: (p) => `The store file ${p.file} is not valid JSON (${p.reason}). It was left untouched. Fix it by hand, restore a backup, or move it away to start with a fresh store.`,
  STORE_TOO_NEW: (p) => `The store file ${p.file} was written by a newer Scimscope (format version ${p.found}; this version reads up to ${p.supported}). It was left untouched. Upgrade Scimscope, or use another data folder with --data.`,
  STORE_INVALID: (p) => `The store file ${p.file} does not have the expected shape: ${p.reason}. It was left untouched. Fix it by hand, or move it away to start with a fresh store.`,
  JOURNAL_CORRUPT: (p) => `The change journal ${p.file} is damaged at line ${p.line} (${p.reason}). It was left untouched. Move the journal folder away to start from the last snapshot (changes after it are lost), or restore a backup.`,
  DATA_FOLDER_LOCKED: (p) => `The data folder ${p.dir} is in use by another Scimscope (process ${p.pid}). Stop it first, or use another data folder with --data.`,
  DATA_FOLDER_UNWRITABLE: (p) => `Cannot write to the data folder ${p.dir} (${p.reason}). Choose a writable folder with --data.`,
  SETTINGS_CORRUPT: (p) => `The settings file ${p.file} is not valid (${p.reason}). It was left untouched. Fix it by hand or move it away to regenerate it (a new SCIM token will be issued).`,
  FAULTS_CORRUPT: (p) => `The fault rules file ${p.file} is not valid (${p.reason}). It was left untouched. Fix it by hand, or move it away to start without rules.`,
  BREAKPOINTS_CORRUPT: (p) => `The breakpoints file ${p.file} is not valid (${p.reason}). It was left untouched. Fix it by hand, or move it away to start without breakpoints.`,
  OAUTH_TOKENS_CORRUPT: (p) => `The OAuth token file ${p.file} is not valid (${p.reason}). It was left untouched. Move it away to start with no issued tokens (the IdP must then authorize again).`,
  STORE_CONFLICT: (p) => `${p.attribute} "${p.value}" is already taken by ${p.type} ${p.holder}`,
  STORE_WRITE_FAILED: (p) => `Could not write the store to disk (${p.reason}). The change was not saved.`,
  INVALID_OPTION: (p) => `${p.reason}`,
  TUNNEL_FAILED: (p) => `The tunnel could not start: ${p.reason}`,
  SNAPSHOT_CORRUPT: (p) => `The snapshot "${p.name}" (${p.file}) cannot be read: ${p.reason}. It was left untouched and nothing was restored. Fix it by hand, or delete it.`,
  SNAPSHOT_TOO_NEW: (p) => `The snapshot "${p.name}" (${p.file}) was written by a newer Scimscope (snapshot format version ${p.found}; Scimscope ${p.app} reads up to version ${p.supported}). It was left untouched and nothing was restored. Upgrade Scimscope to restore it.`,
  BUNDLE_INVALID: (p) => `The lab bundle is not valid: ${p.reason}. Nothing was changed.`,
  BUNDLE_TOO_NEW: (p) => `This lab bundle has format version ${p.found}, made by a newer Scimscope${p.by ? ` (${p.by})` : ''}; Scimscope ${p.app} reads lab bundles up to version ${p.supported}. Nothing was changed. Import it with a newer Scimscope.`,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: AppErrorCode, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    super(MESSAGES[code](params), options);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** The message of any thrown value, for logs and one-line CLI errors. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
