/** Placeholder until the view is built. */
export function ConnectView() {
  return <p className="muted">Coming soon.</p>;
}
