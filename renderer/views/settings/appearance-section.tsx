/** The Appearance section of Settings: the light, dark or system theme, kept in this browser or window only. */
import { useId } from 'react';
import { useStore } from '../../state/external-store.js';
import { setTheme, theme, type ThemeChoice } from '../../state/theme.js';
import { Section } from './settings-section.js';

export function AppearanceSection() {
  const choice = useStore(theme);
  const name = useId();
  const options: { value: ThemeChoice; title: string; description: string }[] = [
    { value: 'light', title: 'Light', description: 'Best on most projectors.' },
    { value: 'dark', title: 'Dark', description: 'Easier in a dim room.' },
    { value: 'system', title: 'System', description: 'Follow the operating system.' },
  ];
  return (
    <Section id="settings-appearance" title="Appearance" lead="Saved in this browser or app window only.">
      <div className="settings-choices settings-choices-3" role="radiogroup" aria-label="Theme">
        {options.map((o) => (
          <label key={o.value} className={`settings-choice${choice === o.value ? ' selected' : ''}`}>
            <input type="radio" name={name} checked={choice === o.value} onChange={() => setTheme(o.value)} />
            <span>
              <span className="settings-choice-title">{o.title}</span>
              <span className="settings-choice-desc">{o.description}</span>
            </span>
          </label>
        ))}
      </div>
    </Section>
  );
}
