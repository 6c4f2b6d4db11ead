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
import { announceServer, withdrawServer } from './cli/running-server.js';
import { createSandbox, DEFAULT_ADMIN_PORT, DEFAULT_SCIM_PORT, MEMORY_DATA_DIR, type Sandbox, type SandboxAddresses } from './sandbox.js';
import type { AuthMode } from './contract/settings.js';
import { launchDesktop } from './desktop-launcher.js';
import { applyHeapPolicy } from './heap-policy.js';
import { OAUTH_PATHS } from './oauth/oauth-server.js';
import { publicScimUrl, SCIM_BASE_PATH } from './scim/base-path.js';
import { isTunnelProviderName, TUNNEL_PROVIDER_NAMES, type TunnelProviderName } from './tunnel/providers.js';
import type { UpstreamSettings } from './contract/settings.js';
import { UPSTREAM_OPTIONS, UPSTREAM_USAGE, upstreamFromFlags } from './proxy/upstream-flags.js';

const USAGE = `Usage: scimscope [serve] [options]

A local SCIM 2.0 sandbox and traffic inspector for Okta, Entra ID and other IdPs.

Commands:
  serve                 Run the SCIM server and the inspector headless (no desktop window)
  play <scenario>       Play a provisioning scenario as Okta or Entra ID ("scimscope play --help")
  test                  Check a SCIM server against Okta, Entra, RFC and interop requirements (scimscope test --help)
  workspaces            Create, list, rename and delete workspaces of a running server (scimscope workspaces --help)
  (none)                Open the desktop app; where Electron cannot start, serve instead

Options for serve:
  --port N              SCIM port (default ${DEFAULT_SCIM_PORT}; 0 picks a free port)
  --admin-port N        Admin API and inspector port (default ${DEFAULT_ADMIN_PORT}; 0 picks a free port)
  --host ADDR           Address the SCIM port listens on (default 127.0.0.1; the admin port is always loopback)
  --data DIR            Data folder (default ${defaultDataDir()}; ":memory:" keeps nothing)
  --token T             SCIM bearer token for this run (the stored one is kept)
  --admin-token T       Admin API token for this run
  --auth MODE           bearer | header | basic | none | oauth, for this run
  --seed demo|empty     What a new data folder starts with (default demo)
${UPSTREAM_USAGE}
  --tunnel PROVIDER     Open a tunnel to the SCIM port and print its public URL:
                          localtunnel  no account, nothing to install (URL changes every start)
                          cloudflared  Cloudflare quick tunnel, no account; needs cloudflared installed
                          ngrok        needs an authtoken (settings or NGROK_AUTHTOKEN); stable with a domain
  --json                Print one JSON line when ready (scimUrl, token, adminUrl, adminToken, inspectorUrl, dataDir, workspaces; oauth in auth mode oauth)
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
  tunnel: TunnelProviderName | null;
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
  if (auth !== undefined && !['bearer', 'header', 'basic', 'none', 'oauth'].includes(auth)) throw new UsageError(`--auth must be bearer, header, basic, none or oauth, not "${auth}".`);
  const seed = values.seed ?? 'demo';
  if (seed !== 'demo' && seed !== 'empty') throw new UsageError(`--seed must be demo or empty, not "${seed}".`);
  if (values.tunnel !== undefined && !isTunnelProviderName(values.tunnel)) throw new UsageError(`--tunnel takes ${TUNNEL_PROVIDER_NAMES.join(', ')}, not "${values.tunnel}".`);
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
    tunnel: values.tunnel !== undefined && isTunnelProviderName(values.tunnel) ? values.tunnel : null,
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
    case 'oauth':
      return `OAuth 2.0: client ID "${auth.oauth.clientId}", client secret "${auth.oauth.clientSecret}"   (Okta: Authentication Mode "OAuth 2")`;
  }
}

/** The OAuth endpoints on the SCIM port's origin (auth mode `oauth`). */
function oauthUrls(scimUrl: string): { authorizeUrl: string; tokenUrl: string } {
  const origin = scimUrl.slice(0, scimUrl.length - SCIM_BASE_PATH.length);
  return { authorizeUrl: `${origin}${OAUTH_PATHS.authorize}`, tokenUrl: `${origin}${OAUTH_PATHS.token}` };
}

function printReady(sandbox: Sandbox, a: SandboxAddresses, json: boolean, desktopFallback?: string): void {
  const publicUrl = publicScimUrl(sandbox.tunnel.snapshot.url, sandbox.settings.current.tunnel.publicUrl);
  if (json) {
    const { auth } = sandbox.settings.current;
    const tunnel = sandbox.tunnel.snapshot;
    process.stdout.write(`${JSON.stringify({ scimUrl: a.scimUrl, publicScimUrl: publicUrl, token: auth.token, authMode: auth.mode, adminUrl: a.adminUrl, adminToken: sandbox.settings.adminToken, inspectorUrl: a.inspectorUrl, dataDir: sandbox.dataDir, version: sandbox.version, workspaces: sandbox.workspaces.names().length, ...(desktopFallback ? { desktopFallback } : {}), ...(sandbox.settings.current.upstream.url ? { upstreamUrl: sandbox.settings.current.upstream.url } : {}), ...(tunnel.status !== 'off' ? { tunnel } : {}), ...(auth.mode === 'oauth' ? { oauth: { ...oauthUrls(a.scimUrl), clientId: auth.oauth.clientId, clientSecret: auth.oauth.clientSecret } } : {}) })}\n`);
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
    ...(sandbox.settings.current.auth.mode === 'oauth' ? [`  Authorize URL  ${oauthUrls(a.scimUrl).authorizeUrl}`, `  Token URL      ${oauthUrls(a.scimUrl).tokenUrl}`] : []),
    ...(sandbox.settings.current.upstream.url ? [`  Upstream       ${sandbox.settings.current.upstream.url}   (proxy mode: SCIM traffic is forwarded there)`] : []),
    `  Inspector      ${a.inspectorUrl}`,
    `  Data folder    ${sandbox.dataDir}`,
    `  Workspaces     ${workspacesLine(sandbox)}`,
    '',
    a.host === '127.0.0.1' ? 'Okta reaches this machine through a tunnel to the SCIM port (see README: "Connect Okta").' : `The SCIM port listens on ${a.host}.`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** How many workspaces this instance serves, and where the named ones are. */
function workspacesLine(sandbox: Sandbox): string {
  const count = sandbox.workspaces.names().length;
  if (count === 1) return '1 (default; add more with "scimscope workspaces create")';
  return `${count} (default at the URL above; the others at /w/<name>/scim/v2; "scimscope workspaces list")`;
}

/** `desktopFallback`: why the desktop app did not open, said before serving (and in the --json line). */
export async function serve(args: ServeArgs, desktopFallback?: string): Promise<Sandbox> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  applyHeapPolicy();
  const sandbox = await createSandbox({ dataDir: args.data, seed: args.seed, token: args.token, adminToken: args.adminToken, auth: args.auth, ...(args.upstream ? { upstream: args.upstream } : {}), log });
  let addresses: SandboxAddresses;
  try {
    addresses = await sandbox.listen({ scimPort: args.port, adminPort: args.adminPort, host: args.host });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  if (desktopFallback && !args.json) log(`The desktop app could not start: ${desktopFallback}\nServing the inspector in your browser instead.`);
  if (args.tunnel) {
    const { ngrokAuthtoken, ngrokDomain } = sandbox.settings.current.tunnel;
    await sandbox.tunnel.start(args.tunnel, addresses.scimPort, ngrokAuthtoken, ngrokDomain);
  }
  // Announced before the ready line, so whatever waits on that line can already find this server.
  if (sandbox.dataDir !== MEMORY_DATA_DIR) await announceServer(sandbox.dataDir, { scimUrl: addresses.scimUrl, adminUrl: addresses.adminUrl });
  printReady(sandbox, addresses, args.json, desktopFallback);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`Received ${signal} again; exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    if (!args.json) log(`Stopping (${signal}): finishing in-flight requests and writes...`);
    withdrawServer(sandbox.dataDir).then(() => sandbox.close()).then(
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
  if (argv[0] === 'play') {
    const { play } = await import('./cli/play-command.js');
    process.exit(await play(argv.slice(1)));
  }
  if (argv[0] === 'workspaces') {
    const { runWorkspacesCommand } = await import('./cli/workspaces-command.js');
    process.exit(await runWorkspacesCommand(argv.slice(1)));
  }
  if (argv[0] === 'test') {
    const { runTestCommand } = await import('./cli/test-command.js');
    process.exit(await runTestCommand(argv.slice(1)));
  }
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
      if (outcome.launched) process.exit(await outcome.exited);
      await serve(parsed.args, outcome.reason);
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
