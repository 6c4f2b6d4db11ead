/** Placeholder until the view is built. */
export function TrafficView(_props: { selectedId: string | null }) {
  return <p className="muted">Coming soon.</p>;
}
