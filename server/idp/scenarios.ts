/**
 * The named provisioning stories Scimscope can play as an IdP: each a sequence of the recorded
 * request shapes (request-shapes.ts), with one line on what the IdP is doing and why, and the
 * lifecycle label the recorder gives it. A trainer with no tenant plays them against the sandbox;
 * a developer plays them against their own server.
 */
import type { OperationKind } from '../contract/exchange.js';
import { PROFILES, type ProfileId } from './profiles.js';
import { aiwStep, incrementalImportStep, pagedImportStep } from './extra-steps.js';
import { entraLifecycle, oktaLifecycle, type SpecStep } from './request-shapes.js';
import type { ScenarioStep } from './scenario-step.js';

export type { ScenarioStep };


export interface Scenario {
  id: string;
  title: string;
  summary: string;
  profiles: ProfileId[];
}

type Pick = [name: string, why: string, kind: OperationKind];

function byName(list: SpecStep[], name: string): SpecStep {
  const step = list.find((s) => s.name === name);
  if (!step) throw new Error(`No recorded step named "${name}"`);
  return step;
}
const okta = (picks: Pick[]): ScenarioStep[] => picks.map(([name, why, kind]) => ({ request: byName(oktaLifecycle, name), why, kind }));
const entra = (picks: Pick[]): ScenarioStep[] => picks.map(([name, why, kind]) => ({ request: byName(entraLifecycle, name), why, kind }));

// --- Okta ----------------------------------------------------------------------------------
const OKTA_JOINER: Pick[] = [
  ['Assign: look the user up by userName (not there yet)', 'Okta looks the user up first so that it never creates a duplicate.', 'user.lookup'],
  ['Assign: create the user', 'Nobody matched, so Okta creates the user with the profile and a placeholder password.', 'user.create'],
];
const OKTA_PROFILE_CHANGE: Pick[] = [
  ['Read the user (GET before PUT)', 'Before a profile update Okta reads the user, to send back the whole object.', 'user.read'],
  ['Update profile: full PUT', 'A profile attribute changed in Okta: it PUTs the whole user, echoing id, meta and groups.', 'user.update'],
];
const OKTA_DEACTIVATE: Pick = ['Deactivate: PATCH replace value {active:false}', 'The user was unassigned or deactivated in Okta: it sets active to false. Okta never DELETEs users.', 'user.deactivate'];
const OKTA_REACTIVATE: Pick = ['Reactivate: PATCH replace value {active:true}', 'The user was reassigned: Okta sets active back to true on the same account.', 'user.reactivate'];
const OKTA_GROUP_CREATE: Pick[] = [
  ['Push group: create', 'A group was pushed from Okta: it creates the group, empty, then adds members.', 'group.create'],
  ['Push group: look it up by displayName', 'Okta checks the group by name, to link rather than duplicate it.', 'group.lookup'],
];
const OKTA_GROUP_ADD: Pick = ['Push group: PATCH add member', 'The user joined the pushed group in Okta: it adds the member with a PATCH.', 'group.members.add'];

function oktaSteps(scenario: string): ScenarioStep[] | null {
  switch (scenario) {
    case 'connection-test':
      return okta([
        ['Connection test: list two users', 'Saving the app config, Okta tests the connection with a small page of users.', 'connection.test'],
        ['Connection test: list groups', 'Then it lists groups, to offer them for group push.', 'group.import'],
      ]);
    case 'import':
      return [pagedImportStep('Users'), pagedImportStep('Groups')];
    case 'incremental-import':
      return [incrementalImportStep()];
    case 'joiner':
    case 'okta-429-backoff':
      return okta(OKTA_JOINER);
    case 'mover':
      return okta([...OKTA_JOINER, ...OKTA_PROFILE_CHANGE, ...OKTA_GROUP_CREATE, OKTA_GROUP_ADD]);
    case 'leaver':
      return okta([...OKTA_JOINER, OKTA_DEACTIVATE]);
    case 'rehire':
      return okta([...OKTA_JOINER, OKTA_DEACTIVATE, OKTA_REACTIVATE]);
    case 'password-sync':
      return okta([...OKTA_JOINER, ['Sync password: PATCH replace value {password}', 'The password changed in Okta and password sync is on: Okta PATCHes the new password.', 'user.password']]);
    case 'group-push':
      return okta([
        ...OKTA_JOINER,
        ...OKTA_GROUP_CREATE,
        OKTA_GROUP_ADD,
        ['Read the group (membership present)', 'Okta reads the group back to confirm the membership.', 'group.read'],
        ['Push group: PATCH remove member by filter', 'The user left the group in Okta: it removes that one member by filter.', 'group.members.remove'],
        ['Push group: PATCH rename (pathless replace carrying id)', 'The group was renamed in Okta: a pathless replace with id and displayName.', 'group.rename'],
        ['Push group: PATCH replace all members', 'A full push: Okta replaces the whole member list.', 'group.members.replace'],
        ['Unlink pushed group: DELETE', 'Group push was unlinked with "delete the group in the target app".', 'group.delete'],
      ]);
    case 'joiner-mover-leaver':
      return okta([...OKTA_JOINER, ...OKTA_PROFILE_CHANGE, ...OKTA_GROUP_CREATE, OKTA_GROUP_ADD, OKTA_DEACTIVATE]);
    default:
      return null;
  }
}

/** AIW apps PUT what OIN apps PATCH (docs/research/idp-request-shapes.md [O9]). */
function oktaAiwSteps(scenario: string): ScenarioStep[] | null {
  if (scenario === 'password-sync') return null;
  const steps = oktaSteps(scenario);
  if (!steps) return null;
  const out: ScenarioStep[] = [];
  for (const step of steps) {
    if (step.kind === 'user.deactivate' || step.kind === 'user.reactivate') out.push(aiwStep(step.kind === 'user.reactivate'));
    else if (step.kind === 'group.members.add') out.push({ request: byName(oktaLifecycle, 'Push group (AIW app): full PUT'), why: 'An AIW app gets group membership as a full PUT of the group.', kind: 'group.members.replace' });
    else if (step.kind === 'group.members.remove' || step.kind === 'group.members.replace' || step.kind === 'group.rename') continue;
    else out.push(step);
  }
  return out;
}

// --- Entra ID ------------------------------------------------------------------------------
const ENTRA_JOINER: Pick[] = [
  ['Match: query by userName (zero results)', 'Entra matches on userName first, so it never provisions a duplicate.', 'user.lookup'],
  ['Match: query by externalId (zero results)', 'Then on externalId, its second matching attribute in this mapping.', 'user.lookup'],
  ['Provision the manager (Microsoft "Example 2" body, nulls included)', 'The manager is in scope too and is provisioned first, with its nulls.', 'user.create'],
  ['Provision the user (core + enterprise extension)', 'No match: Entra creates the user with the enterprise extension.', 'user.create'],
  ['Link manager: PATCH Add enterprise manager as a plain string', 'Entra links the manager afterwards, sending the manager id as a bare string.', 'user.update'],
];
const ENTRA_UPDATE: Pick = ['Update: PATCH Replace emails[type eq "work"].value and name.familyName (default mode)', 'Attributes changed: Entra PATCHes each one, with a capitalised "Replace".', 'user.update'];
const ENTRA_UPDATE_FLAG: Pick = ['Update: PATCH no-path replace with dotted keys (aadOptscim062020 mode)', 'With the flag, Entra sends one pathless replace with dotted keys.', 'user.update'];
const ENTRA_DISABLE: Pick = ['Disable: PATCH Replace active "False" (default mode, string boolean)', 'The user left scope or was disabled: Entra sets active to the string "False".', 'user.deactivate'];
const ENTRA_DISABLE_FLAG: Pick = ['Disable: PATCH Replace active false (tutorial "Disable User" body)', 'With the flag, Entra sends a real boolean false.', 'user.deactivate'];
const ENTRA_ENABLE: Pick = ['Enable: PATCH Replace active "True" (default mode, string boolean)', 'Back in scope: Entra sets active to "True" again.', 'user.reactivate'];

function entraSteps(scenario: string, flag: boolean): ScenarioStep[] | null {
  const update = flag ? ENTRA_UPDATE_FLAG : ENTRA_UPDATE;
  const disable = flag ? ENTRA_DISABLE_FLAG : ENTRA_DISABLE;
  switch (scenario) {
    case 'connection-test':
      return entra([['Test Connection: query a user that does not exist (random GUID)', 'Test Connection looks up a random GUID and expects an empty list, not a 404.', 'connection.test']]);
    case 'joiner':
      return entra(ENTRA_JOINER);
    case 'mover':
      return entra([...ENTRA_JOINER, update]);
    case 'leaver':
      return entra([...ENTRA_JOINER, disable]);
    case 'rehire':
      return flag ? null : entra([...ENTRA_JOINER, disable, ENTRA_ENABLE]);
    case 'group-push':
      return entra([
        ...ENTRA_JOINER,
        ['Provision group (empty members, Microsoft schema URN)', 'A group is in scope: Entra creates it empty, with its own schema URN.', 'group.create'],
        ['Match group: query by displayName with excludedAttributes=members', 'Entra matches groups by displayName and never asks for members.', 'group.lookup'],
        ['Group membership: PATCH Add members ($ref null, two users in one request)', 'It adds members in batches, several per PATCH.', 'group.members.add'],
        [flag ? 'Group membership: PATCH remove members[value eq "..."] (aadOptscim062020 mode)' : 'Group membership: PATCH Remove members with a value array (default mode)', 'A member left scope: Entra removes it.', 'group.members.remove'],
        ['Update group: PATCH Replace displayName', 'The group was renamed in Entra.', 'group.rename'],
        ['Delete group', 'The group left scope: Entra deletes it.', 'group.delete'],
      ]);
    case 'joiner-mover-leaver':
      return entra([...ENTRA_JOINER, update, disable]);
    default:
      return null;
  }
}

export const SCENARIOS: Scenario[] = [
  { id: 'connection-test', title: 'Connection test', summary: 'What the IdP sends when an admin saves or tests the connection.', profiles: [] },
  { id: 'import', title: 'Full import (paged)', summary: 'Okta imports every user and group, 100 per page, until totalResults is reached.', profiles: [] },
  { id: 'incremental-import', title: 'Incremental import', summary: 'Users changed since a point in time, with a meta.lastModified gt filter (the RFC 7644 form; Okta does not document its own).', profiles: [] },
  { id: 'joiner', title: 'Joiner', summary: 'A new hire is assigned: lookup, then create.', profiles: [] },
  { id: 'mover', title: 'Mover', summary: 'The joiner changes profile and joins a group.', profiles: [] },
  { id: 'leaver', title: 'Leaver', summary: 'The joiner leaves: deactivated, never deleted (Okta), disabled (Entra).', profiles: [] },
  { id: 'rehire', title: 'Rehire', summary: 'A leaver comes back: the same account is reactivated.', profiles: [] },
  { id: 'password-sync', title: 'Password sync', summary: 'Okta pushes a changed password (OIN apps with password sync on).', profiles: [] },
  { id: 'group-push', title: 'Group push', summary: 'Create a group, add, remove and replace members, rename it, delete it.', profiles: [] },
  { id: 'okta-429-backoff', title: "Okta's 429 back-off", summary: 'A joiner against a rate-limited server: Okta waits as Retry-After says, and retries. Add the "Okta 429 back-off" fault preset first.', profiles: [] },
  { id: 'joiner-mover-leaver', title: 'Joiner → mover → leaver', summary: 'The whole story for a class: create, update, join a group, deactivate.', profiles: [] },
];
for (const scenario of SCENARIOS) {
  scenario.profiles = (Object.keys(PROFILES) as ProfileId[]).filter((p) => scenarioSteps(scenario.id, p) !== null);
}

/** The steps of a scenario as a profile plays it; null when that IdP has no such story. */
export function scenarioSteps(scenario: string, profile: ProfileId): ScenarioStep[] | null {
  switch (profile) {
    case 'okta':
      return oktaSteps(scenario);
    case 'okta-aiw':
      return oktaAiwSteps(scenario);
    case 'entra':
      return entraSteps(scenario, false);
    case 'entra-flag':
      return entraSteps(scenario, true);
  }
}

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
