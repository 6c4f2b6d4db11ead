/** What the view says when there is nothing to show, worded to teach where users and groups come from and what to do next. */
import { Plus, SearchX, Sparkles, Users, UsersRound } from 'lucide-react';
import type { ResourcePath } from '../../api/admin-client.js';
import { NOUN } from './resource-format.js';
import { hashFor } from '../../state/route.js';

export function EmptyStore({ type, onCreate, onGenerate }: { type: ResourcePath; onCreate: () => void; onGenerate: () => void }) {
  const Icon = type === 'users' ? UsersRound : Users;
  return (
    <div className="rs-empty" role="status">
      <span className="rs-empty-icon" aria-hidden="true">
        <Icon size={36} />
      </span>
      <h2>No {NOUN[type].many} yet</h2>
      {type === 'users' ? (
        <p>
          Okta will create users here when you assign them to your app, and Entra ID when its provisioning cycle runs. Or generate some to explore
          paging, search and filters.
        </p>
      ) : (
        <p>
          Okta creates groups here when you push them (the app&apos;s <em>Push Groups</em> tab); Entra ID when you assign a group to the app.
          You can also create one by hand and add members.
        </p>
      )}
      <div className="rs-empty-actions">
        {type === 'users' && (
          <button type="button" className="button primary" onClick={onGenerate}>
            <Sparkles size={16} aria-hidden="true" />
            Generate fake users
          </button>
        )}
        <button type="button" className={type === 'users' ? 'button' : 'button primary'} onClick={onCreate}>
          <Plus size={16} aria-hidden="true" />
          New {NOUN[type].one}
        </button>
        <a className="button ghost" href={hashFor('connect')}>
          Connect Okta or Entra
        </a>
      </div>
    </div>
  );
}

export function NoMatches({ type, filter, onClear }: { type: ResourcePath; filter: string; onClear: () => void }) {
  return (
    <div className="rs-empty rs-empty-small" role="status">
      <span className="rs-empty-icon" aria-hidden="true">
        <SearchX size={28} />
      </span>
      <h2>No {NOUN[type].many} match</h2>
      <p>
        The server found nothing for <code className="rs-filter-code">{filter}</code>. SCIM string comparisons ignore case; <code>co</code> means
        “contains”, <code>sw</code> “starts with”.
      </p>
      <div className="rs-empty-actions">
        <button type="button" className="button" onClick={onClear}>
          Clear search
        </button>
      </div>
    </div>
  );
}

export function FilterFailed({ type }: { type: ResourcePath }) {
  return (
    <div className="rs-empty rs-empty-small">
      <span className="rs-empty-icon rs-empty-icon-error" aria-hidden="true">
        <SearchX size={28} />
      </span>
      <h2>The server did not accept this filter</h2>
      <p>
        Its reason is under the search box. A SCIM filter is <code>attribute operator "value"</code>, e.g. <code>{type === 'users' ? 'userName eq "jane@example.com"' : 'displayName eq "Engineering"'}</code>, joined with <code>and</code> /{' '}
        <code>or</code>. Plain words without quotes search names.
      </p>
    </div>
  );
}
