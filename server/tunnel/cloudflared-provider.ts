/**
 * Cloudflare's quick tunnel (TryCloudflare): no account, a random https://*.trycloudflare.com URL,
 * through the `cloudflared` program the user installed (or SCIMSCOPE_CLOUDFLARED names). We run
 * `cloudflared tunnel --url http://127.0.0.1:<port>` and read the URL it prints on stderr; closing the
 * tunnel stops the process. Docs: https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/do-more-with-tunnels/trycloudflare/
 */
import { spawn } from 'node:child_process';
import type { OpenTunnel, TunnelOptions, TunnelProvider } from './tunnel-provider.js';

export const CLOUDFLARED_DOWNLOADS = 'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/';
const URL_PATTERN = /https:\/\/[a-z0-9-]+\.trycloudflare\.com/;

export function cloudflaredProvider(options: { binary?: string; startTimeoutMs?: number } = {}): TunnelProvider {
  return {
    name: 'cloudflared',
    open({ port, signal }: TunnelOptions): Promise<OpenTunnel> {
      const binary = options.binary ?? process.env.SCIMSCOPE_CLOUDFLARED ?? 'cloudflared';
      const child = spawn(binary, ['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
      let output = '';
      return new Promise<OpenTunnel>((resolve, reject) => {
        const fail = (message: string) => {
          clearTimeout(timer);
          child.kill('SIGTERM');
          reject(new Error(message));
        };
        const timer = setTimeout(() => fail(`cloudflared printed no trycloudflare.com URL within ${Math.round((options.startTimeoutMs ?? 45_000) / 1000)} s (last output: ${lastLines(output)})`), options.startTimeoutMs ?? 45_000);
        child.once('error', (error: NodeJS.ErrnoException) => {
          fail(error.code === 'ENOENT' ? `cloudflared is not installed (no "${binary}" on PATH). Install it from ${CLOUDFLARED_DOWNLOADS}, or set SCIMSCOPE_CLOUDFLARED to its path.` : `cloudflared could not be started: ${error.message}`);
        });
        child.once('exit', (code, how) => fail(`cloudflared exited (${how ?? `code ${code}`}) before giving a URL: ${lastLines(output)}`));
        // Stopped before it printed a URL: end the process now rather than when it would have been up.
        const stopped = () => fail('the tunnel was stopped before it was up');
        if (signal?.aborted) stopped();
        signal?.addEventListener('abort', stopped, { once: true });
        exited.then(() => signal?.removeEventListener('abort', stopped));
        child.stderr!.on('data', (chunk: Buffer) => {
          output = (output + chunk.toString()).slice(-4000);
          const url = URL_PATTERN.exec(output)?.[0];
          if (!url) return;
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.stderr!.removeAllListeners('data');
          child.stderr!.resume(); // keep draining its log so it never blocks on a full pipe
          let closing = false;
          resolve({
            url,
            close: async () => {
              closing = true;
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
              await exited;
            },
            ended: new Promise<string>((end) => {
              child.once('exit', (code, signal) => {
                if (!closing) end(`cloudflared exited (${signal ?? `code ${code}`})`);
              });
            }),
          });
        });
      });
    },
  };
}

function lastLines(output: string): string {
  const lines = output.trim().split('\n').slice(-3).join(' | ');
  return lines || 'nothing';
}
