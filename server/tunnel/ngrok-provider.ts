/**
 * The ngrok tunnel, through the official @ngrok/ngrok library (no separate agent to install). Loaded
 * lazily, so a platform without its native binary only loses this feature, with a message saying so.
 */
import type { OpenTunnel, TunnelOptions, TunnelProvider } from './tunnel-provider.js';

interface NgrokListener {
  url(): string | null;
  close(): Promise<void>;
}
interface NgrokModule {
  forward(config: Record<string, unknown>): Promise<NgrokListener>;
}

export const ngrokProvider: TunnelProvider = {
  name: 'ngrok',
  async open(options: TunnelOptions): Promise<OpenTunnel> {
    let ngrok: NgrokModule;
    try {
      ngrok = (await import('@ngrok/ngrok')) as unknown as NgrokModule;
    } catch (error) {
      throw new Error(`the ngrok library could not be loaded on this platform (${(error as Error).message.split('\n')[0]})`);
    }
    const authtoken = options.authtoken ?? process.env.NGROK_AUTHTOKEN ?? null;
    if (!authtoken) throw new Error('ngrok needs an authtoken: set it in Settings → Tunnel (or NGROK_AUTHTOKEN). Get one at https://dashboard.ngrok.com/get-started/your-authtoken');
    const listener = await ngrok.forward({ addr: `127.0.0.1:${options.port}`, authtoken, ...(options.domain ? { domain: options.domain } : {}), forwards_to: 'Scimscope SCIM server' });
    const url = listener.url();
    if (!url) {
      await listener.close();
      throw new Error('ngrok started but gave no public URL');
    }
    return { url, close: () => listener.close() };
  },
};
