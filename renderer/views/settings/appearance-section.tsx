/**
 * The Appearance section of Settings: the theme (light, dark, high contrast or system) and the
 * presentation settings for a room (zoom, large type, screen sharing), kept in this browser or
 * window only.
 */
import { useStore } from '../../state/external-store.js';
import { presentation, resetZoom, setLargeType, setScreenSharing, zoomIn, zoomOut, ZOOM_STEPS } from '../../state/presentation.js';
import { setTheme, theme, type ThemeChoice } from '../../state/theme.js';
import { Choices, Section, type Choice } from './settings-section.js';

const THEMES: Choice<ThemeChoice>[] = [
  { value: 'light', title: 'Light', description: 'Best on most projectors.' },
  { value: 'dark', title: 'Dark', description: 'Easier in a dim room.' },
  { value: 'contrast', title: 'High contrast', description: 'Black on white, thick focus rings (WCAG AAA).' },
  { value: 'system', title: 'System', description: 'Follow the operating system.' },
];

export function AppearanceSection() {
  const choice = useStore(theme);
  const p = useStore(presentation);
  return (
    <Section id="settings-appearance" title="Appearance" lead="Saved in this browser or app window only.">
      <Choices label="Theme" options={THEMES} value={choice} onChange={setTheme} columns={4} />
      <div className="settings-rows">
        <div className="settings-row">
          <span className="settings-row-label">Zoom</span>
          <div className="settings-row-value" role="group" aria-label="Zoom">
            <button type="button" className="button small" aria-label="Zoom out" disabled={p.zoom <= ZOOM_STEPS[0]} onClick={zoomOut}>
              −
            </button>
            <output className="settings-zoom" aria-label="Zoom level">{Math.round(p.zoom * 100)}%</output>
            <button type="button" className="button small" aria-label="Zoom in" disabled={p.zoom >= ZOOM_STEPS[ZOOM_STEPS.length - 1]!} onClick={zoomIn}>
              +
            </button>
            <button type="button" className="button small" disabled={p.zoom === 1} onClick={resetZoom}>
              Actual size
            </button>
            <span className="settings-note">Ctrl/Cmd + and − zoom, Ctrl/Cmd 0 resets.</span>
          </div>
        </div>
        <label className="settings-row">
          <span className="settings-row-label">Large type</span>
          <span className="settings-row-value">
            <input type="checkbox" checked={p.largeType} onChange={(e) => setLargeType(e.target.checked)} />
            <span className="settings-note">Bigger text for a projector or the back of a room.</span>
          </span>
        </label>
        <label className="settings-row">
          <span className="settings-row-label">Screen sharing</span>
          <span className="settings-row-value">
            <input type="checkbox" checked={p.screenSharing} onChange={(e) => setScreenSharing(e.target.checked)} />
            <span className="settings-note">Hides tokens and secrets until clicked; Copy still copies them. Ctrl/Cmd+Shift+M.</span>
          </span>
        </label>
      </div>
    </Section>
  );
}
