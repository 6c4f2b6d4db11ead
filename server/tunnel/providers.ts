/**
 * The tunnel providers Scimscope ships, by name, in order of least effort for the user: localtunnel
 * (no account, nothing to install), Cloudflare's quick tunnel (no account; needs the cloudflared
 * program), ngrok (an account and its authtoken; the only one with a URL that survives restarts).
 * The CLI, the admin API and the Connect view all take their names from here.
 */
import { cloudflaredProvider } from './cloudflared-provider.js';
import { localtunnelProvider } from './localtunnel-provider.js';
import { ngrokProvider } from './ngrok-provider.js';
import type { TunnelProvider } from './tunnel-provider.js';

export const TUNNEL_PROVIDER_NAMES = ['localtunnel', 'cloudflared', 'ngrok'] as const;
export type TunnelProviderName = (typeof TUNNEL_PROVIDER_NAMES)[number];

export function isTunnelProviderName(value: string): value is TunnelProviderName {
  return (TUNNEL_PROVIDER_NAMES as readonly string[]).includes(value);
}

export function builtInTunnelProviders(): Record<TunnelProviderName, TunnelProvider> {
  return { localtunnel: localtunnelProvider(), cloudflared: cloudflaredProvider(), ngrok: ngrokProvider };
}
