/**
 * The built-in tunnels as the Connect view offers them, in order of least effort, with the trade-offs
 * an integrator needs to choose: how long a URL lives, the limits, and whether the URL survives a
 * restart (Okta keeps the base URL it was given). Every claim is the provider's own, linked.
 */
export type TunnelChoiceId = 'localtunnel' | 'cloudflared' | 'ngrok';

export interface TunnelChoice {
  id: TunnelChoiceId;
  title: string;
  /** What the user must have before the one click works. */
  needs: string;
  lifetime: string;
  limits: string;
  stableUrl: string;
  source: { label: string; url: string };
}

export const TUNNEL_CHOICES: readonly TunnelChoice[] = [
  {
    id: 'localtunnel',
    title: 'localtunnel',
    needs: 'Nothing: no account, nothing to install.',
    lifetime: 'For the session: while Scimscope keeps it open.',
    limits: 'None published for the free public server (localtunnel.me).',
    stableUrl: 'No: a new random address on every start, so Okta must be updated after a restart.',
    source: { label: 'localtunnel README', url: 'https://github.com/localtunnel/localtunnel#readme' },
  },
  {
    id: 'cloudflared',
    title: 'Cloudflare quick tunnel',
    needs: 'No account; the cloudflared program installed.',
    lifetime: 'For as long as it runs; no SLA or uptime guarantee, meant for testing and development.',
    limits: '200 requests in flight at once; beyond that Cloudflare answers 429.',
    stableUrl: 'No: a random trycloudflare.com address on every start.',
    source: { label: 'Cloudflare: Quick Tunnels', url: 'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/do-more-with-tunnels/trycloudflare/' },
  },
  {
    id: 'ngrok',
    title: 'ngrok',
    needs: 'A free ngrok account and its authtoken.',
    lifetime: 'No timeout on the free plan.',
    limits: 'Free plan: 20,000 HTTP requests a month, 4,000 a minute.',
    stableUrl: "Yes, with the account's free development domain entered below.",
    source: { label: 'ngrok: Free plan limits', url: 'https://ngrok.com/docs/pricing-limits/free-plan-limits/' },
  },
];

export const CLOUDFLARED_DOWNLOADS = 'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/';

export function tunnelChoice(id: string | null | undefined): TunnelChoice | null {
  return TUNNEL_CHOICES.find((c) => c.id === id) ?? null;
}
