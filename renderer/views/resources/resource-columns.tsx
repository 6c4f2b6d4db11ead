/** The Users and Groups table columns: what each shows, and which SCIM attribute it sorts by on the server. */
import type { ReactNode } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import type { ResourcePath } from '../../api/admin-client.js';
import { formatAgo, formatDateTime, initials, isActive, metaOf, objects, personName, primaryEmail, resourceName, str } from './resource-format.js';

export interface Column {
  id: string;
  label: string;
  /** The SCIM attribute the server sorts by; absent when the server cannot sort this column. */
  sortBy?: string;
  /** Extra class on the cells (width, alignment, hiding in a narrow table). */
  className?: string;
  cell: (resource: JsonObject) => ReactNode;
}

export function Avatar({ name, dim = false }: { name: string; dim?: boolean }) {
  return (
    <span className={dim ? 'rs-avatar rs-avatar-dim' : 'rs-avatar'} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function ActivePill({ active }: { active: boolean }) {
  return active ? <span className="pill pill-ok rs-status">Active</span> : <span className="pill pill-warn rs-status">Deactivated</span>;
}

const dash = <span className="muted">—</span>;

function LastModified({ resource }: { resource: JsonObject }) {
  const { lastModified } = metaOf(resource);
  return <time dateTime={lastModified} title={formatDateTime(lastModified)}>{formatAgo(lastModified)}</time>;
}

function count(n: number, one: string, many: string) {
  return n === 0 ? <span className="muted">0</span> : <span title={`${n.toLocaleString()} ${n === 1 ? one : many}`}>{n.toLocaleString()}</span>;
}

const USER_COLUMNS: Column[] = [
  {
    id: 'userName',
    label: 'User name',
    sortBy: 'userName',
    className: 'rs-col-primary',
    cell: (u) => (
      <span className="rs-cell-identity">
        <Avatar name={resourceName('users', u)} dim={!isActive(u)} />
        <span className="rs-ellipsis">{str(u.userName) || dash}</span>
      </span>
    ),
  },
  { id: 'name', label: 'Name', sortBy: 'name.givenName', className: 'rs-col-name', cell: (u) => <span className="rs-ellipsis">{personName(u) || str(u.displayName) || dash}</span> },
  { id: 'email', label: 'Email', sortBy: 'emails.value', className: 'rs-col-email', cell: (u) => <span className="rs-ellipsis">{primaryEmail(u) || dash}</span> },
  { id: 'active', label: 'Status', sortBy: 'active', className: 'rs-col-status', cell: (u) => <ActivePill active={isActive(u)} /> },
  { id: 'groups', label: 'Groups', className: 'rs-col-count', cell: (u) => count(objects(u.groups).length, 'group', 'groups') },
  { id: 'modified', label: 'Last modified', sortBy: 'meta.lastModified', className: 'rs-col-date', cell: (u) => <LastModified resource={u} /> },
];

const GROUP_COLUMNS: Column[] = [
  {
    id: 'displayName',
    label: 'Display name',
    sortBy: 'displayName',
    className: 'rs-col-primary',
    cell: (g) => (
      <span className="rs-cell-identity">
        <Avatar name={str(g.displayName)} />
        <span className="rs-ellipsis">{str(g.displayName) || dash}</span>
      </span>
    ),
  },
  { id: 'members', label: 'Members', className: 'rs-col-count', cell: (g) => count(objects(g.members).length, 'member', 'members') },
  { id: 'externalId', label: 'External ID', sortBy: 'externalId', className: 'rs-col-external', cell: (g) => (str(g.externalId) ? <code className="rs-ellipsis">{str(g.externalId)}</code> : dash) },
  { id: 'modified', label: 'Last modified', sortBy: 'meta.lastModified', className: 'rs-col-date', cell: (g) => <LastModified resource={g} /> },
];

export function columnsFor(type: ResourcePath): Column[] {
  return type === 'users' ? USER_COLUMNS : GROUP_COLUMNS;
}
