/**
 * A background load held part-way, for the tests of what the server and the inspector do while the
 * recorded exchanges still load: passed as `exchangeLoadPause`, the door the load itself yields
 * through between slices, it holds the load at its first pause until the test lets it go on.
 */

export interface HeldLoad {
  /** Give as `exchangeLoadPause`. */
  pause: () => Promise<void>;
  /** Lets the load go on (every later pause passes at once). */
  open: () => void;
  /** Resolves once the load is held at a pause. */
  held: Promise<void>;
}

/** A load held at its first pause until `open()`; `held` resolves when it is held. */
export function holdLoad(): HeldLoad {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const held = new Promise<void>((resolve) => (reached = resolve));
  return {
    pause: async () => {
      reached();
      await opened;
    },
    open,
    held,
  };
}
