/** Placeholder until the view is built. */
export function ResourcesView(_props: { type: "users" | "groups"; selectedId: string | null }) {
  return <p className="muted">Coming soon.</p>;
}
