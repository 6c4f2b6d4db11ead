/** The inputs each kind of fault action needs (delay, error status, Retry-After, …), shown under the chosen action type. */
import { Field, type FormSectionProps } from './rule-editor-fields.js';

export function ActionFields({ form, set, input, id, err }: FormSectionProps) {
  switch (form.actionType) {
    case 'latency':
      return (
        <div className="faults-grid-4">
          <Field id={id('latencyMs')} label="Delay (ms)" error={err('latencyMs')}>
            {input('latencyMs', { inputMode: 'numeric' })}
          </Field>
          <Field id={id('jitterMs')} label="Jitter (ms)" hint="Up to this much more, at random." error={err('jitterMs')}>
            {input('jitterMs', { inputMode: 'numeric' })}
          </Field>
        </div>
      );
    case 'error':
      return (
        <>
          <div className="faults-grid-4">
            <Field id={id('errorStatus')} label="Status" hint="400–599" error={err('errorStatus')}>
              {input('errorStatus', { inputMode: 'numeric' })}
            </Field>
            <Field id={id('scimType')} label="scimType" hint="e.g. uniqueness, invalidValue; blank = none.">
              {input('scimType', { className: 'mono' })}
            </Field>
          </div>
          <Field id={id('detail')} label="Detail" hint="The SCIM error's human-readable message." wide>
            {input('detail', { placeholder: 'Injected by Scimscope' })}
          </Field>
          {form.errorHeaders && Object.keys(form.errorHeaders).length > 0 && (
            <p className="faults-hint">
              Also sends {Object.keys(form.errorHeaders).length} extra header{Object.keys(form.errorHeaders).length === 1 ? '' : 's'} ({Object.keys(form.errorHeaders).join(', ')}); edit them in the JSON tab.
            </p>
          )}
        </>
      );
    case 'rateLimit':
      return (
        <>
          <div className="faults-radio-row" role="radiogroup" aria-label="Retry-After">
            <span className="faults-label">Retry-After</span>
            {(
              [
                ['seconds', 'Seconds'],
                ['http-date', 'HTTP-date'],
                ['none', 'No header'],
              ] as const
            ).map(([mode, label]) => (
              <label key={mode} className="faults-radio">
                <input type="radio" name={id('retry')} checked={form.retryAfterMode === mode} onChange={() => set('retryAfterMode', mode)} />
                {label}
              </label>
            ))}
          </div>
          <div className="faults-grid-4">
            {form.retryAfterMode === 'seconds' && (
              <Field id={id('retryAfterSeconds')} label="Seconds" hint="Okta waits this long." error={err('retryAfterSeconds')}>
                {input('retryAfterSeconds', { inputMode: 'numeric' })}
              </Field>
            )}
            {form.retryAfterMode === 'http-date' && (
              <Field id={id('httpDateSeconds')} label="Date, seconds ahead" hint="Default 120." error={err('httpDateSeconds')}>
                {input('httpDateSeconds', { inputMode: 'numeric' })}
              </Field>
            )}
          </div>
        </>
      );
    case 'timeout':
      return (
        <div className="faults-grid-4">
          <Field id={id('timeoutSeconds')} label="Drop after (s)" hint="Default 120 s." error={err('timeoutSeconds')}>
            {input('timeoutSeconds', { inputMode: 'decimal' })}
          </Field>
        </div>
      );
    case 'malformed':
      return (
        <div className="faults-grid-4">
          <Field id={id('malformedStatus')} label="Status" hint="Default 200." error={err('malformedStatus')}>
            {input('malformedStatus', { inputMode: 'numeric' })}
          </Field>
        </div>
      );
    case 'emptyBody':
      return (
        <div className="faults-grid-4">
          <Field id={id('emptyBodyStatus')} label="Status" hint="2xx; default 201 on POST, else 200." error={err('emptyBodyStatus')}>
            {input('emptyBodyStatus', { inputMode: 'numeric' })}
          </Field>
        </div>
      );
    case 'wrongContentType':
      return (
        <Field id={id('contentType')} label="Content-Type" hint="Blank = text/html; charset=utf-8." wide>
          {input('contentType', { className: 'mono' })}
        </Field>
      );
    case 'drop':
      return null;
  }
}
