/** Placeholder until the view is built. */
export function FaultsView() {
  return <p className="muted">Coming soon.</p>;
}
