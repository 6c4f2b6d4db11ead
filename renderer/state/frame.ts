/**
 * One animation frame's work in two phases: every read of layout (a scroll offset) first, then every
 * write (applying a batch of live exchanges, which renders and changes the DOM). Reading after a
 * write in the same frame forces the browser to lay out the page twice; with traffic arriving at
 * 500 exchanges/s while the user scrolls, that was the inspector's largest cost (docs/performance.md).
 * One requestAnimationFrame serves every task of a frame.
 */
type Task = () => void;

let reads: Task[] = [];
let writes: Task[] = [];
let scheduled = false;

function run(): void {
  scheduled = false;
  const r = reads;
  const w = writes;
  reads = [];
  writes = [];
  for (const task of r) task();
  for (const task of w) task();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(run);
}

/** Runs `task` at the next frame, before any write of that frame. */
export function readNextFrame(task: Task): void {
  reads.push(task);
  schedule();
}

/** Runs `task` at the next frame, after every read of that frame. */
export function writeNextFrame(task: Task): void {
  writes.push(task);
  schedule();
}
