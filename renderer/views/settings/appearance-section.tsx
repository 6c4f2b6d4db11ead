/** The Appearance section of Settings: the light, dark or system theme, kept in this browser or window only. */
import { useStore } from '../../state/external-store.js';
import { setTheme, theme, type ThemeChoice } from '../../state/theme.js';
import { Choices, Section, type Choice } from './settings-section.js';

const THEMES: Choice<ThemeChoice>[] = [
  { value: 'light', title: 'Light', description: 'Best on most projectors.' },
  { value: 'dark', title: 'Dark', description: 'Easier in a dim room.' },
  { value: 'system', title: 'System', description: 'Follow the operating system.' },
];

export function AppearanceSection() {
  const choice = useStore(theme);
  return (
    <Section id="settings-appearance" title="Appearance" lead="Saved in this browser or app window only.">
      <Choices label="Theme" options={THEMES} value={choice} onChange={setTheme} columns={3} />
    </Section>
  );
}
