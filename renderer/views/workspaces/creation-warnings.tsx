/**
 * What a new workspace lacks that its source relied on, as the server's creation answer says it
 * (`warnings`: a copy in proxy mode has no upstream token, so it refuses every SCIM request until one
 * is entered). Shown in the workspaces dialog before the new workspace is opened, with the way to its
 * settings, because a copy that fails every forwarded request with no hint why is worse than none.
 */
import { useId } from 'react';

export interface CreatedWithWarnings {
  name: string;
  warnings: string[];
}

export function CreationWarnings({ created, onSettings, onSwitch, onDismiss }: { created: CreatedWithWarnings; onSettings: () => void; onSwitch: () => void; onDismiss: () => void }) {
  const titleId = useId();
  return (
    <section className="workspace-warnings" role="alert" aria-labelledby={titleId}>
      <h3 id={titleId}>“{created.name}” created: before you use it</h3>
      <ul>
        {created.warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <div className="workspace-warnings-actions">
        <button type="button" className="button small primary" onClick={onSettings}>
          Open its settings
        </button>
        <button type="button" className="button small" onClick={onSwitch}>
          Switch to “{created.name}”
        </button>
        <button type="button" className="button small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
