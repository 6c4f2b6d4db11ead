/**
 * Users and Groups in proxy mode: the local store is not what the IdP talks to, so the view says so
 * and shows the upstream's own resources instead, read-only, through SCIM reads the server makes
 * with the upstream's credentials (GET /api/upstream/:type).
 */
import { useEffect, useState } from 'react';
import type { JsonObject, UpstreamPage } from '../../../server/contract/index.js';
import type { ResourcePath } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';

const PAGE = 50;

function label(r: JsonObject): string {
  return String(r.userName ?? r.displayName ?? r.id ?? '(no id)');
}

export function ProxyBanner({ url }: { url: string }) {
  return (
    <div className="proxy-banner" role="status">
      <strong>Proxy mode.</strong> SCIM traffic goes to <code>{url}</code>; the local store is not used. Below is what your server holds, read through SCIM (read-only).
    </div>
  );
}

export function UpstreamBrowser({ type, url }: { type: ResourcePath; url: string }) {
  const { client } = useServices();
  const [filter, setFilter] = useState('');
  const [applied, setApplied] = useState('');
  const [startIndex, setStartIndex] = useState(1);
  const [page, setPage] = useState<UpstreamPage | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const endpoint = type === 'users' ? 'Users' : 'Groups';

  useEffect(() => {
    let live = true;
    setFailure(null);
    client.upstreamPage(endpoint, { filter: applied || undefined, startIndex, count: PAGE }).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setFailure((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [client, endpoint, applied, startIndex, url]);

  const error = failure ?? page?.error ?? null;
  return (
    <div className="page upstream-page">
      <h1>{endpoint}</h1>
      <ProxyBanner url={url} />
      <form
        className="upstream-search"
        onSubmit={(e) => {
          e.preventDefault();
          setStartIndex(1);
          setApplied(filter.trim());
        }}
      >
        <input className="settings-input" aria-label="SCIM filter" placeholder={type === 'users' ? 'userName sw "a"' : 'displayName eq "Sales"'} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="submit" className="button">
          Search upstream
        </button>
      </form>
      {error && (
        <p className="settings-error" role="alert">
          {error}
        </p>
      )}
      {page && !error && (
        <>
          <p className="settings-note">
            {page.totalResults ?? page.resources.length} {endpoint.toLowerCase()} at <code>{page.url}</code>
          </p>
          <table className="upstream-table" aria-label={`Upstream ${endpoint}`}>
            <thead>
              <tr>
                <th>{type === 'users' ? 'userName' : 'displayName'}</th>
                <th>id</th>
                {type === 'users' && <th>active</th>}
              </tr>
            </thead>
            <tbody>
              {page.resources.map((r) => (
                <tr key={String(r.id)}>
                  <td>{label(r)}</td>
                  <td>
                    <code>{String(r.id ?? '')}</code>
                  </td>
                  {type === 'users' && <td>{r.active === false ? 'no' : 'yes'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="upstream-pager">
            <button type="button" className="button" disabled={startIndex <= 1} onClick={() => setStartIndex(Math.max(1, startIndex - PAGE))}>
              Previous
            </button>
            <button type="button" className="button" disabled={page.totalResults === null || startIndex + PAGE > page.totalResults} onClick={() => setStartIndex(startIndex + PAGE)}>
              Next
            </button>
          </div>
        </>
      )}
    </div>
  );
}
