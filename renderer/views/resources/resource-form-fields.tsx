/** The labelled inputs for the common User and Group attributes, shared by the edit form and the create panel. */
import type { ResourcePath } from '../../api/admin-client.js';
import type { GroupForm, ResourceForm, UserForm } from './resource-form-model.js';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  attr: string;
  required?: boolean;
  wide?: boolean;
  type?: 'text' | 'email';
  autoFocus?: boolean;
}

function TextField({ id, label, value, onChange, attr, required, wide, type = 'text', autoFocus }: FieldProps) {
  return (
    <div className={wide ? 'rs-field rs-field-wide' : 'rs-field'}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="rs-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <input id={id} type={type} value={value} required={required} autoFocus={autoFocus} spellCheck={false} autoComplete="off" aria-describedby={`${id}-attr`} onChange={(e) => onChange(e.target.value)} />
      <code id={`${id}-attr`} className="rs-attr-name">
        {attr}
      </code>
    </div>
  );
}

function UserFields({ prefix, form, onChange, autoFocus }: { prefix: string; form: UserForm; onChange: (form: UserForm) => void; autoFocus?: boolean }) {
  const set = <K extends keyof UserForm>(key: K) => (value: UserForm[K]) => onChange({ ...form, [key]: value });
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <div className="rs-form-grid">
      <TextField id={id('userName')} label="User name" attr="userName" value={form.userName} onChange={set('userName')} required wide autoFocus={autoFocus} />
      <TextField id={id('givenName')} label="Given name" attr="name.givenName" value={form.givenName} onChange={set('givenName')} />
      <TextField id={id('familyName')} label="Family name" attr="name.familyName" value={form.familyName} onChange={set('familyName')} />
      <TextField id={id('displayName')} label="Display name" attr="displayName" value={form.displayName} onChange={set('displayName')} />
      <TextField id={id('title')} label="Title" attr="title" value={form.title} onChange={set('title')} />
      <TextField id={id('email')} label="Work email (primary)" attr='emails[primary eq true].value' type="email" value={form.email} onChange={set('email')} />
      <TextField id={id('department')} label="Department" attr="enterprise:2.0:User:department" value={form.department} onChange={set('department')} />
      <TextField id={id('externalId')} label="External ID" attr="externalId" value={form.externalId} onChange={set('externalId')} />
      <div className="rs-field rs-field-switch">
        <span className="rs-field-label" id={id('active-label')}>
          Status
        </span>
        <label className="rs-switch">
          <input type="checkbox" role="switch" checked={form.active} aria-labelledby={id('active-label')} aria-describedby={id('active-attr')} onChange={(e) => set('active')(e.target.checked)} />
          <span className="rs-switch-track" aria-hidden="true" />
          <span>{form.active ? 'Active' : 'Deactivated'}</span>
        </label>
        <code id={id('active-attr')} className="rs-attr-name">
          active
        </code>
      </div>
    </div>
  );
}

function GroupFields({ prefix, form, onChange, autoFocus }: { prefix: string; form: GroupForm; onChange: (form: GroupForm) => void; autoFocus?: boolean }) {
  const set = (key: keyof GroupForm) => (value: string) => onChange({ ...form, [key]: value });
  return (
    <div className="rs-form-grid">
      <TextField id={`${prefix}-displayName`} label="Display name" attr="displayName" value={form.displayName} onChange={set('displayName')} required wide autoFocus={autoFocus} />
      <TextField id={`${prefix}-externalId`} label="External ID" attr="externalId" value={form.externalId} onChange={set('externalId')} wide />
    </div>
  );
}

export function ResourceFields({ type, prefix, form, onChange, autoFocus }: { type: ResourcePath; prefix: string; form: ResourceForm; onChange: (form: ResourceForm) => void; autoFocus?: boolean }) {
  return type === 'users' ? (
    <UserFields prefix={prefix} form={form as UserForm} onChange={onChange} autoFocus={autoFocus} />
  ) : (
    <GroupFields prefix={prefix} form={form as GroupForm} onChange={onChange} autoFocus={autoFocus} />
  );
}
