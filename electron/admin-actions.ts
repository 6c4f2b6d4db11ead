/**
 * What the menu and tray do to the sandbox, done through the admin API like every other client, so
 * the inspector and scripts see the same events whether an action came from a menu or a button.
 */
export interface AdminEndpoint {
  adminUrl: string;
  token: string;
}

export type Fetch = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export class AdminActions {
  constructor(
    private readonly endpoint: () => AdminEndpoint,
    private readonly fetcher: Fetch = fetch as unknown as Fetch,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<void> {
    const { adminUrl, token } = this.endpoint();
    const res = await this.fetcher(`${adminUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) {
      const text = await res.text();
      let message = `${method} ${path} failed with ${res.status}`;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // keep the generic message
      }
      throw new Error(message);
    }
  }

  clearTraffic(): Promise<void> {
    return this.call('DELETE', '/api/exchanges');
  }

  resetStore(seed: 'demo' | 'empty'): Promise<void> {
    return this.call('POST', '/api/store/reset', { seed });
  }
}
