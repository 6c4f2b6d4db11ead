/**
 * The secrets as they were when each exchange waiting for its labels committed its changes
 * (resource-history.ts `reserve`): a secret rotated before the labels come (the token regenerated,
 * the upstream token changed) still scrubs the lines and drafts of a change made while it was one.
 * Lists are shared while they are the same, so a workspace whose secrets never change keeps one.
 */
export class CommitSecrets {
  private readonly byExchange = new Map<string, readonly string[]>();
  private last: readonly string[] = [];

  /** Notes `now` as the secrets of this commit of `exchangeId`; a request that commits twice (a bulk request) keeps its first commit's too. */
  remember(exchangeId: string, now: readonly string[]): void {
    if (!sameList(now, this.last)) this.last = now;
    const earlier = this.byExchange.get(exchangeId);
    this.byExchange.set(exchangeId, earlier === undefined || earlier === this.last ? this.last : withGone(this.last, earlier));
  }

  /** The secrets `now`, with those of the exchange's commit no longer among them (`now` itself when none was rotated). */
  of(exchangeId: string | null, now: readonly string[]): readonly string[] {
    const then = exchangeId === null ? undefined : this.byExchange.get(exchangeId);
    return then === undefined || then === now || sameList(then, now) ? now : withGone(now, then);
  }

  forget(exchangeId: string): void {
    this.byExchange.delete(exchangeId);
  }

  clear(): void {
    this.byExchange.clear();
  }
}

/** `now` with the secrets of `then` it no longer holds after it (`now` itself when none is gone). */
function withGone(now: readonly string[], then: readonly string[]): readonly string[] {
  const gone = then.filter((s) => !now.includes(s));
  return gone.length === 0 ? now : [...now, ...gone];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
