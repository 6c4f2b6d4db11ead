/** A count with its noun, singular for one ("1 exchange", "2 exchanges"): the status bar and the workspace list say counts alike. */
export function plural(n: number, one: string): string {
  return `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`;
}
