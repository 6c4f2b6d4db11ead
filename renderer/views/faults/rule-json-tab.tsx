/** The rule editor's JSON tab: the whole rule as the admin API takes it, for fields the form does not show. */
import { JsonEditor } from '../../components/json-editor.js';

export function RuleJsonTab({ text, syntaxError, onChange }: { text: string; syntaxError: string | null; onChange: (text: string, error: string | null) => void }) {
  return (
    <div className="faults-json">
      <p className="faults-group-lead">
        The whole rule as the admin API takes it (<code>match</code>, <code>when</code>, <code>action</code>). Fields the form does not show, such as extra error headers, can be set here.
      </p>
      <JsonEditor value={text} label="Fault rule JSON" minHeight="22rem" onChange={onChange} />
      {syntaxError && <p className="faults-field-error">{syntaxError}</p>}
    </div>
  );
}
