/**
 * Starts a real sandbox for a test suite: its own temp data folder, SCIM and admin servers on free
 * ports, and clients for both that send the right credentials. Started inside a test, it is also
 * closed (and its folder removed) when that test ends, pass or fail.
 */
import { onTestFinished } from 'vitest';
import { createSandbox, type Sandbox, type SandboxAddresses, type SandboxOptions } from '../../server/sandbox.js';
import { request, type HttpResult } from './http.js';
import { tempDir } from './temp-dir.js';

type Init = { headers?: Record<string, string>; body?: unknown; rawBody?: string | Buffer };

export interface TestSandbox {
  sandbox: Sandbox;
  addresses: SandboxAddresses;
  dataDir: string;
  token: string;
  adminToken: string;
  /** A SCIM request with the bearer token (override headers to change it). */
  scim<T = any>(method: string, path: string, init?: Init): Promise<HttpResult<T>>;
  /** An admin API request with the admin token. */
  admin<T = any>(method: string, path: string, init?: Init): Promise<HttpResult<T>>;
  /** Closes the sandbox (keeps the folder). */
  stop(): Promise<void>;
  /** Closes the sandbox and removes its folder. */
  close(): Promise<void>;
}

export async function startSandbox(options: Partial<SandboxOptions> & { dataDir?: string; keepDir?: boolean } = {}): Promise<TestSandbox> {
  const temp = options.dataDir ? null : await tempDir();
  const dataDir = options.dataDir ?? temp!.dir;
  const sandbox = await createSandbox({ log: () => undefined, ...options, dataDir });
  const addresses = await sandbox.listen({ scimPort: 0, adminPort: 0 });
  const token = sandbox.settings.current.auth.token;
  const adminToken = sandbox.settings.adminToken;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await sandbox.close();
  };
  const close = async () => {
    await stop();
    await temp?.remove();
  };
  try {
    onTestFinished(close);
  } catch {
    // Started in a hook (beforeAll): the suite's afterAll closes it.
  }
  return {
    sandbox,
    addresses,
    dataDir,
    token,
    adminToken,
    scim: (method, path, init = {}) =>
      request(`${addresses.scimUrl}${path}`, { method, ...init, headers: { Authorization: `Bearer ${sandbox.settings.current.auth.token}`, ...(init.headers ?? {}) } }),
    admin: (method, path, init = {}) => request(`${addresses.adminUrl}${path}`, { method, ...init, headers: { Authorization: `Bearer ${adminToken}`, ...(init.headers ?? {}) } }),
    stop,
    close,
  };
}
