/** Placeholder until the view is built. */
export function SettingsView() {
  return <p className="muted">Coming soon.</p>;
}
