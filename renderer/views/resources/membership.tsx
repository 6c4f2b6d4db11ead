/** Who is in a group (names resolved in bulk, with Remove and Add) and which groups a user is in: the links between users and groups, editable with SCIM PATCH. */
import { ArrowRight, UserMinus, Users } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import { useServices } from '../../app-services.js';
import { attempt } from '../../state/toasts.js';
import { MemberPicker } from './member-picker.js';
import { ActivePill, Avatar } from './resource-columns.js';
import { PATCH_OP_SCHEMA, isActive, objects, resourceName, str } from './resource-format.js';
import { chunk, idsFilter, scimString } from './search-filter.js';
import { hashFor } from '../../state/route.js';

const PAGE = 100;
const IDS_PER_REQUEST = 40;

interface MemberInfo {
  userName: string;
  name: string;
  active: boolean;
}

export const removeMemberPatch = (id: string) => ({ schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove', path: `members[value eq ${scimString(id)}]` }] });
export const addMemberPatch = (id: string) => ({ schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] });

/** Resolves user ids to userNames with `id eq … or id eq …` filters, a chunk at a time; remembers what it found. */
function useMemberInfo(ids: string[]): { info: Map<string, MemberInfo>; pending: boolean } {
  const { client } = useServices();
  const [info, setInfo] = useState(() => new Map<string, MemberInfo>());
  const [pending, setPending] = useState(false);
  const key = ids.join(',');

  useEffect(() => {
    if (ids.length === 0) return;
    let live = true;
    setPending(true);
    Promise.all(
      chunk(ids, IDS_PER_REQUEST).map((part) =>
        client.resources('users', { filter: idsFilter(part), count: part.length }).then(
          (page) => page.items,
          () => [] as JsonObject[],
        ),
      ),
    ).then((pages) => {
      if (!live) return;
      const next = new Map<string, MemberInfo>();
      for (const user of pages.flat()) next.set(str(user.id), { userName: str(user.userName), name: resourceName('users', user), active: isActive(user) });
      setInfo(next);
      setPending(false);
    });
    return () => {
      live = false;
    };
    // `key` stands for the ids.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);

  return { info, pending };
}

export function GroupMembers({ group }: { group: JsonObject }) {
  const { client } = useServices();
  const members = objects(group.members);
  const groupId = str(group.id);
  const groupName = str(group.displayName) || 'this group';
  const [shown, setShown] = useState(PAGE);
  const visible = members.slice(0, shown);
  const userIds = visible.filter((m) => str(m.type) !== 'Group').map((m) => str(m.value));
  const { info, pending } = useMemberInfo(userIds);
  const memberIds = useMemo(() => new Set(members.map((m) => str(m.value))), [members]);

  const remove = (id: string, label: string) => void attempt(() => client.patchResource('groups', groupId, removeMemberPatch(id)), `Removed ${label} from ${groupName}.`);
  const add = async (user: JsonObject) => !!(await attempt(() => client.patchResource('groups', groupId, addMemberPatch(str(user.id))), `Added ${str(user.userName)} to ${groupName}.`));

  return (
    <section className="rs-section" aria-labelledby="rs-members-title">
      <h3 id="rs-members-title" className="rs-section-title">
        Members <span className="rs-count">{members.length.toLocaleString()}</span>
      </h3>
      <MemberPicker memberIds={memberIds} groupName={groupName} onAdd={add} />
      {members.length === 0 ? (
        <p className="rs-quiet">No members yet. Okta adds the people assigned to a pushed group; add someone above to see the PATCH it makes.</p>
      ) : (
        <ul className="rs-people">
          {visible.map((m) => {
            const id = str(m.value);
            const isGroup = str(m.type) === 'Group';
            const found = info.get(id);
            const label = found?.userName || str(m.display) || id;
            return (
              <li key={id} className="rs-person">
                <Avatar name={found?.name || str(m.display) || label} dim={found ? !found.active : false} />
                <span className="rs-person-text">
                  <a className="rs-person-name rs-ellipsis" href={hashFor(isGroup ? 'groups' : 'users', id)}>
                    {isGroup ? str(m.display) || id : found?.userName || (pending ? str(m.display) || '…' : str(m.display) || 'Unknown user')}
                  </a>
                  <span className="rs-ellipsis muted rs-person-sub">{isGroup ? 'Nested group' : found ? found.name : pending ? ' ' : <code>{id}</code>}</span>
                </span>
                {found && !found.active && <ActivePill active={false} />}
                <button type="button" className="button small ghost rs-remove" onClick={() => remove(id, label)} aria-label={`Remove ${label} from ${groupName}`}>
                  <UserMinus size={15} aria-hidden="true" />
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {members.length > shown && (
        <button type="button" className="button small rs-more" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, members.length - shown).toLocaleString()} more of {(members.length - shown).toLocaleString()}
        </button>
      )}
    </section>
  );
}

export function UserGroups({ user }: { user: JsonObject }) {
  const groups = objects(user.groups);
  return (
    <section className="rs-section" aria-labelledby="rs-groups-title">
      <h3 id="rs-groups-title" className="rs-section-title">
        Groups <span className="rs-count">{groups.length.toLocaleString()}</span>
      </h3>
      {groups.length === 0 ? (
        <p className="rs-quiet">Not in any group. When Okta pushes a group with this user in it, it appears here; SCIM computes a user&apos;s groups from the groups&apos; members.</p>
      ) : (
        <ul className="rs-people">
          {groups.map((g) => (
            <li key={str(g.value)} className="rs-person">
              <span className="rs-avatar rs-avatar-group" aria-hidden="true">
                <Users size={15} />
              </span>
              <span className="rs-person-text">
                <a className="rs-person-name rs-ellipsis" href={hashFor('groups', str(g.value))}>
                  {str(g.display) || str(g.value)}
                </a>
                {str(g.type) === 'indirect' && <span className="muted rs-person-sub">Through a nested group</span>}
              </span>
              <ArrowRight size={15} className="muted" aria-hidden="true" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
