/**
 * What a tunnel is to the rest of Scimscope: something that makes the local SCIM port reachable at a
 * public URL and can be closed. The shipped ones are listed in providers.ts; tests use loopback stand-ins
 * of each provider's service.
 */
export interface TunnelOptions {
  /** The local SCIM port to forward (never the admin port). */
  port: number;
  authtoken: string | null;
  domain: string | null;
  /** Aborted when the user stops the tunnel before it is up: give up opening (an opening that ends anyway is closed at once). */
  signal?: AbortSignal;
}

export interface OpenTunnel {
  /** The public origin, e.g. https://abc123.ngrok.app */
  url: string;
  close(): Promise<void>;
  /** Resolves with the reason if the tunnel ends by itself (its process died, its server went away); never after close(). */
  ended?: Promise<string>;
}

export interface TunnelProvider {
  readonly name: string;
  open(options: TunnelOptions): Promise<OpenTunnel>;
}
