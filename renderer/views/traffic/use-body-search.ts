/**
 * Full-text search reaches into request and response bodies, which only the server holds: after the
 * user stops typing (250 ms) it asks for the ids of matching exchanges, and the list treats those as
 * matches too.
 */
import { useEffect, useState } from 'react';
import type { AdminClient } from '../../api/admin-client.js';

export const BODY_SEARCH_DELAY_MS = 250;
export const BODY_SEARCH_LIMIT = 5000;

export interface BodySearch {
  /** Ids of exchanges whose bodies (or anything else) match the text; undefined when not searching or not known yet. */
  matches: ReadonlySet<string> | undefined;
  /** True while the server is being asked. */
  pending: boolean;
}

export function useBodySearch(client: AdminClient, text: string): BodySearch {
  const needle = text.trim();
  const [result, setResult] = useState<{ needle: string; ids: ReadonlySet<string> } | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (!needle) {
      setPending(false);
      return;
    }
    let current = true;
    setPending(true);
    const timer = setTimeout(() => {
      client.exchanges({ search: needle, limit: BODY_SEARCH_LIMIT }).then(
        (list) => {
          if (!current) return;
          setResult({ needle, ids: new Set(list.items.map((e) => e.id)) });
          setPending(false);
        },
        () => {
          // A failed body search leaves the local (summary) search working; the status bar shows lost connections.
          if (current) setPending(false);
        },
      );
    }, BODY_SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, needle]);

  return { matches: needle && result?.needle === needle ? result.ids : undefined, pending: needle !== '' && pending };
}
