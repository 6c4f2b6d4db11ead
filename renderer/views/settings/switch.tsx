/**
 * An on/off switch: a button with role="switch", so screen readers say "on"/"off" and Space/Enter
 * toggle it. Label it with visible text (labelledBy) or, failing that, an aria-label.
 * (Used by the Faults and Settings views; a candidate for renderer/components.)
 */
import '../../styles/settings.css';

export interface SwitchProps {
  checked: boolean;
  onChange: (next: boolean) => void;
  /** id of the element whose text labels the switch. */
  labelledBy?: string;
  /** Used when there is no visible label. */
  label?: string;
  describedBy?: string;
  disabled?: boolean;
  id?: string;
}

export function Switch({ checked, onChange, labelledBy, label, describedBy, disabled, id }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      id={id}
      className="ctl-switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : label}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="ctl-switch-thumb" aria-hidden="true" />
    </button>
  );
}
