/** Maps the edit form's fields to and from a full SCIM resource, so a form save changes only what the form shows and keeps every other attribute (phones, extensions, manager...). */
import type { JsonObject, JsonValue } from '../../../server/contract/index.js';
import type { ResourcePath } from '../../api/admin-client.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, isObject, primaryEmail, primaryEmailIndex, str } from './resource-format.js';

export interface UserForm {
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  title: string;
  /** The primary (else first) email; a new one is added as the primary work email. */
  email: string;
  active: boolean;
  externalId: string;
  /** The enterprise extension's department. */
  department: string;
}

export interface GroupForm {
  displayName: string;
  externalId: string;
}

export type ResourceForm = UserForm | GroupForm;

export const EMPTY_USER_FORM: UserForm = { userName: '', givenName: '', familyName: '', displayName: '', title: '', email: '', active: true, externalId: '', department: '' };
export const EMPTY_GROUP_FORM: GroupForm = { displayName: '', externalId: '' };

const clone = <T extends JsonValue>(value: T): T => structuredClone(value);

export function userToForm(resource: JsonObject): UserForm {
  const name = isObject(resource.name) ? resource.name : {};
  const ext = resource[ENTERPRISE_SCHEMA];
  return {
    userName: str(resource.userName),
    givenName: str(name.givenName),
    familyName: str(name.familyName),
    displayName: str(resource.displayName),
    title: str(resource.title),
    email: primaryEmail(resource),
    active: resource.active !== false,
    externalId: str(resource.externalId),
    department: isObject(ext) ? str(ext.department) : '',
  };
}

export function groupToForm(resource: JsonObject): GroupForm {
  return { displayName: str(resource.displayName), externalId: str(resource.externalId) };
}

export function toForm(type: ResourcePath, resource: JsonObject): ResourceForm {
  return type === 'users' ? userToForm(resource) : groupToForm(resource);
}

/** Sets a string attribute, or removes it when the field is blank (SCIM treats unassigned as absent). */
function setOrDelete(target: JsonObject, key: string, value: string): void {
  const v = value.trim();
  if (v === '') delete target[key];
  else target[key] = v;
}

function withSchema(resource: JsonObject, schema: string, present: boolean): void {
  const schemas = Array.isArray(resource.schemas) ? resource.schemas.filter((s): s is string => typeof s === 'string') : [];
  const has = schemas.includes(schema);
  if (present && !has) schemas.push(schema);
  resource.schemas = present || !has ? schemas : schemas.filter((s) => s !== schema);
}

/** The resource with the form applied: the fields the form shows replaced (blank means removed), everything else kept. */
export function applyUserForm(base: JsonObject, form: UserForm): JsonObject {
  const next = clone(base);
  withSchema(next, USER_SCHEMA, true);
  setOrDelete(next, 'userName', form.userName);
  setOrDelete(next, 'displayName', form.displayName);
  setOrDelete(next, 'title', form.title);
  setOrDelete(next, 'externalId', form.externalId);
  next.active = form.active;

  const oldName = isObject(base.name) ? base.name : {};
  const name = clone(oldName);
  setOrDelete(name, 'givenName', form.givenName);
  setOrDelete(name, 'familyName', form.familyName);
  // Keep `formatted` in step when it was simply "given family"; leave a hand-written one alone.
  const derivedBefore = [str(oldName.givenName), str(oldName.familyName)].filter(Boolean).join(' ');
  if (str(oldName.formatted) !== '' && str(oldName.formatted) === derivedBefore) setOrDelete(name, 'formatted', [str(name.givenName), str(name.familyName)].filter(Boolean).join(' '));
  if (Object.keys(name).length > 0) next.name = name;
  else delete next.name;

  const emails = Array.isArray(base.emails) ? clone(base.emails) : [];
  const index = primaryEmailIndex(base);
  const email = form.email.trim();
  if (email !== '' && index >= 0) emails[index] = { ...(isObject(emails[index]) ? emails[index] : {}), value: email };
  else if (email !== '') emails.unshift({ value: email, type: 'work', primary: true });
  else if (index >= 0) emails.splice(index, 1);
  if (emails.length > 0) next.emails = emails;
  else delete next.emails;

  const ext = isObject(base[ENTERPRISE_SCHEMA]) ? clone(base[ENTERPRISE_SCHEMA]) : {};
  setOrDelete(ext, 'department', form.department);
  if (Object.keys(ext).length > 0) next[ENTERPRISE_SCHEMA] = ext;
  else delete next[ENTERPRISE_SCHEMA];
  withSchema(next, ENTERPRISE_SCHEMA, Object.keys(ext).length > 0);
  return next;
}

export function applyGroupForm(base: JsonObject, form: GroupForm): JsonObject {
  const next = clone(base);
  withSchema(next, GROUP_SCHEMA, true);
  setOrDelete(next, 'displayName', form.displayName);
  setOrDelete(next, 'externalId', form.externalId);
  return next;
}

export function applyForm(type: ResourcePath, base: JsonObject, form: ResourceForm): JsonObject {
  return type === 'users' ? applyUserForm(base, form as UserForm) : applyGroupForm(base, form as GroupForm);
}

/** What a PUT should carry: the resource without the attributes the server computes (id, meta, a user's groups). */
export function writable(type: ResourcePath, resource: JsonObject): JsonObject {
  const { id: _id, meta: _meta, ...rest } = resource;
  if (type === 'users') delete rest.groups;
  return rest;
}

/** The attribute the form cannot do without, or null when the form can be saved. */
export function missingRequired(type: ResourcePath, form: ResourceForm): string | null {
  if (type === 'users') return (form as UserForm).userName.trim() === '' ? 'userName' : null;
  return (form as GroupForm).displayName.trim() === '' ? 'displayName' : null;
}

export function sameForm(a: ResourceForm, b: ResourceForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The starting point of a new resource, for the form and the raw JSON tab. */
export function blankResource(type: ResourcePath): JsonObject {
  return type === 'users' ? { schemas: [USER_SCHEMA] } : { schemas: [GROUP_SCHEMA], members: [] };
}
