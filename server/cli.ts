#!/usr/bin/env node
/**
 * The `scimscope` command. `serve` runs the sandbox headless in this very process (no detached
 * child, so a supervisor's signals reach it), prints where everything is, and stops cleanly on
 * SIGINT/SIGTERM after in-flight writes finish. Without a command it opens the desktop app where
 * Electron can start, and otherwise serves and says so.
 */
import { parseArgs } from 'node:util';
import { describeError, isAppError } from './app-errors.js';
import { defaultDataDir } from './config/data-paths.js';
import { createSandbox, DEFAULT_ADMIN_PORT, DEFAULT_SCIM_PORT, type Sandbox, type SandboxAddresses } from './sandbox.js';
import type { AuthMode } from './contract/settings.js';
import { launchDesktop } from './desktop-launcher.js';
import { publicScimUrl } from './scim/base-path.js';
import type { UpstreamSettings } from './contract/settings.js';
import { UPSTREAM_OPTIONS, UPSTREAM_USAGE, upstreamFromFlags } from './proxy/upstream-flags.js';

const USAGE = `Usage: scimscope [serve] [options]

A local SCIM 2.0 sandbox and traffic inspector for Okta, Entra ID and other IdPs.

Commands:
  serve                 Run the SCIM server and the inspector headless (no desktop window)
  (none)                Open the desktop app; where Electron cannot start, serve instead

Options for serve:
  --port N              SCIM port (default ${DEFAULT_SCIM_PORT}; 0 picks a free port)
  --admin-port N        Admin API and inspector port (default ${DEFAULT_ADMIN_PORT}; 0 picks a free port)
  --host ADDR           Address the SCIM port listens on (default 127.0.0.1; the admin port is always loopback)
  --data DIR            Data folder (default ${defaultDataDir()}; ":memory:" keeps nothing)
  --token T             SCIM bearer token for this run (the stored one is kept)
  --admin-token T       Admin API token for this run
  --auth MODE           bearer | header | basic | none, for this run
  --seed demo|empty     What a new data folder starts with (default demo)
${UPSTREAM_USAGE}
  --tunnel ngrok        Open an ngrok tunnel to the SCIM port (authtoken from settings or NGROK_AUTHTOKEN)
  --json                Print one JSON line when ready (scimUrl, token, adminUrl, adminToken, inspectorUrl, dataDir)
  -h, --help            Show this help
  -v, --version         Show the version`;

interface ServeArgs {
  port: number;
  adminPort: number;
  host: string;
  data: string;
  token?: string;
  adminToken?: string;
  auth?: AuthMode;
  seed: 'demo' | 'empty';
  json: boolean;
  tunnel: 'ngrok' | null;
  upstream?: Partial<UpstreamSettings>;
}

class UsageError extends Error {}

function portOf(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, not "${value}".`);
  return n;
}

export function parseCli(argv: string[]): { command: 'serve' | 'desktop' | 'help' | 'version'; args: ServeArgs } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      'admin-port': { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      token: { type: 'string' },
      'admin-token': { type: 'string' },
      auth: { type: 'string' },
      seed: { type: 'string' },
      tunnel: { type: 'string' },
      ...UPSTREAM_OPTIONS,
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'serve')) {
    throw new UsageError(`Unknown command "${positionals.join(' ')}". Try "scimscope serve".`);
  }
  const auth = values.auth;
  if (auth !== undefined && !['bearer', 'header', 'basic', 'none'].includes(auth)) throw new UsageError(`--auth must be bearer, header, basic or none, not "${auth}".`);
  const seed = values.seed ?? 'demo';
  if (seed !== 'demo' && seed !== 'empty') throw new UsageError(`--seed must be demo or empty, not "${seed}".`);
  if (values.tunnel !== undefined && values.tunnel !== 'ngrok') throw new UsageError(`--tunnel takes "ngrok", not "${values.tunnel}".`);
  if (values.token !== undefined && values.token.length < 8) throw new UsageError('--token needs at least 8 characters.');
  if (values['admin-token'] !== undefined && values['admin-token'].length < 16) throw new UsageError('--admin-token needs at least 16 characters.');
  let upstream: Partial<UpstreamSettings> | undefined;
  try {
    upstream = upstreamFromFlags(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const args: ServeArgs = {
    port: portOf(values.port, '--port', DEFAULT_SCIM_PORT),
    adminPort: portOf(values['admin-port'], '--admin-port', DEFAULT_ADMIN_PORT),
    host: values.host ?? '127.0.0.1',
    data: values.data ?? defaultDataDir(),
    token: values.token,
    adminToken: values['admin-token'],
    auth: auth as AuthMode | undefined,
    seed,
    json: values.json,
    tunnel: values.tunnel === 'ngrok' ? 'ngrok' : null,
    ...(upstream ? { upstream } : {}),
  };
  const command = values.help ? 'help' : values.version ? 'version' : positionals[0] === 'serve' ? 'serve' : 'desktop';
  return { command, args };
}

function authLine(sandbox: Sandbox): string {
  const { auth } = sandbox.settings.current;
  switch (auth.mode) {
    case 'bearer':
      return `Authorization: Bearer ${auth.token}   (Okta: Authentication Mode "HTTP Header", paste the token)`;
    case 'header':
      return `Authorization: ${auth.token}   (Okta: Authentication Mode "HTTP Header")`;
    case 'basic':
      return `Basic, username "${auth.basic.username}", password "${auth.basic.password}"   (Okta: Authentication Mode "Basic Auth")`;
    case 'none':
      return 'NONE: the SCIM endpoint accepts any request (auth mode "none"). Anyone who can reach the port can change the data.';
  }
}

function printReady(sandbox: Sandbox, a: SandboxAddresses, json: boolean): void {
  const publicUrl = publicScimUrl(sandbox.tunnel.snapshot.url, sandbox.settings.current.tunnel.publicUrl);
  if (json) {
    const { auth } = sandbox.settings.current;
    const tunnel = sandbox.tunnel.snapshot;
    process.stdout.write(`${JSON.stringify({ scimUrl: a.scimUrl, publicScimUrl: publicUrl, token: auth.token, authMode: auth.mode, adminUrl: a.adminUrl, adminToken: sandbox.settings.adminToken, inspectorUrl: a.inspectorUrl, dataDir: sandbox.dataDir, version: sandbox.version, ...(sandbox.settings.current.upstream.url ? { upstreamUrl: sandbox.settings.current.upstream.url } : {}), ...(tunnel.status !== 'off' ? { tunnel } : {}) })}\n`);
    return;
  }
  const tunnel = sandbox.tunnel.snapshot;
  const lines = [
    `Scimscope ${sandbox.version} is running.`,
    '',
    `  SCIM base URL  ${a.scimUrl}`,
    ...(publicUrl ? [`  Public URL     ${publicUrl}${tunnel.status === 'up' ? `   (${tunnel.provider} tunnel)` : ''}`] : []),
    ...(tunnel.status === 'error' ? [`  Tunnel         failed: ${tunnel.error}`] : []),
    `  Auth           ${authLine(sandbox)}`,
    ...(sandbox.settings.current.upstream.url ? [`  Upstream       ${sandbox.settings.current.upstream.url}   (proxy mode: SCIM traffic is forwarded there)`] : []),
    `  Inspector      ${a.inspectorUrl}`,
    `  Data folder    ${sandbox.dataDir}`,
    '',
    a.host === '127.0.0.1' ? 'Okta reaches this machine through a tunnel to the SCIM port (see README: "Connect Okta").' : `The SCIM port listens on ${a.host}.`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function serve(args: ServeArgs, note?: string): Promise<Sandbox> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const sandbox = await createSandbox({ dataDir: args.data, seed: args.seed, token: args.token, adminToken: args.adminToken, auth: args.auth, ...(args.upstream ? { upstream: args.upstream } : {}), log });
  let addresses: SandboxAddresses;
  try {
    addresses = await sandbox.listen({ scimPort: args.port, adminPort: args.adminPort, host: args.host });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  if (note && !args.json) log(note);
  if (args.tunnel) {
    const { ngrokAuthtoken, ngrokDomain } = sandbox.settings.current.tunnel;
    await sandbox.tunnel.start(args.tunnel, addresses.scimPort, ngrokAuthtoken, ngrokDomain);
  }
  printReady(sandbox, addresses, args.json);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`Received ${signal} again; exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    if (!args.json) log(`Stopping (${signal}): finishing in-flight requests and writes...`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`scimscope: error while stopping: ${describeError(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return sandbox;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    process.stderr.write(`scimscope: ${describeError(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed.command === 'help') return void process.stdout.write(`${USAGE}\n`);
  if (parsed.command === 'version') {
    const { packageVersion } = await import('./config/data-paths.js');
    return void process.stdout.write(`${packageVersion()}\n`);
  }
  try {
    if (parsed.command === 'desktop') {
      const outcome = await launchDesktop(argv);
      if (outcome.launched) return;
      await serve(parsed.args, `The desktop app could not start (${outcome.reason}); serving the inspector in your browser instead.`);
      return;
    }
    await serve(parsed.args);
  } catch (error) {
    process.stderr.write(`scimscope: ${describeError(error)}\n`);
    if (!isAppError(error)) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exit(1);
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${(await import('node:fs')).realpathSync(process.argv[1])}`).href;
if (invokedDirectly) await main();
