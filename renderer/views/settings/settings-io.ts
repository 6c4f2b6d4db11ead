/**
 * Reading and saving settings from the views: every save goes through attempt() (errors become
 * toasts), and its answer updates the shared server state at once, with the status (auth mode,
 * public URL) refreshed behind it, so the status bar and other views follow without waiting.
 */
import { useEffect, useState } from 'react';
import type { AdminClient, Credentials, PublicSettings } from '../../api/admin-client.js';
import { useStoreSelector } from '../../state/external-store.js';
import { refreshStatus, serverState } from '../../state/server-state.js';
import { attempt } from '../../state/toasts.js';

export async function saveSettings(client: AdminClient, patch: unknown, success?: string): Promise<PublicSettings | undefined> {
  const next = await attempt(() => client.updateSettings(patch), success);
  if (next) {
    serverState.set((s) => ({ ...s, settings: next }));
    refreshStatus(client).catch(() => undefined);
  }
  return next;
}

/** One fetch of the settings shared by every component that asks before the socket delivers them. */
let settingsRequest: Promise<void> | null = null;

/** The live settings; fetched once if the socket has not delivered them yet. */
export function useSettings(client: AdminClient): PublicSettings | null {
  const settings = useStoreSelector(serverState, (s) => s.settings);
  useEffect(() => {
    if (settings || settingsRequest) return;
    settingsRequest = client
      .settings()
      .then(
        (s) => serverState.set((st) => (st.settings ? st : { ...st, settings: s })),
        () => undefined,
      )
      .finally(() => {
        settingsRequest = null;
      });
  }, [client, settings]);
  return settings;
}

/**
 * The real SCIM credentials (to show and copy), refetched whenever the settings change (mode, new
 * token, new password) and on demand (`refresh`, right after an action that changed them).
 */
export function useCredentials(client: AdminClient, settings: PublicSettings | null): { creds: Credentials | null; refresh: () => void } {
  const [creds, setCreds] = useState<Credentials | null>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    client.credentials().then(
      (c) => live && setCreds(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, settings, nonce]);
  return { creds, refresh: () => setNonce((n) => n + 1) };
}
