// Render events (VEVENTs through `ics`, and page entries), on two cores when there are thousands: half of
// them go to a worker thread while this thread renders the other half. The bytes are the same as rendering
// on one thread (each event's rendering depends only on the event and the stamp).
//
// Why: `ics` costs about 0.2 ms per generated event on this project's 2-core machines (yup validation and
// its per-character folding), so 10,000 new events are 2 s or more on one core. A worker costs tens of
// milliseconds to start (it loads ics and yup again), which pays from about a thousand events. See
// bench/RESULTS.md.
//
// `ics` is loaded here, when something must be rendered, and not before: a build whose events all come
// from the render cache never loads it (about 10 ms of a small build's startup).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RenderedEvent } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

/** Fewer events than this are rendered on this thread alone. */
export const PARALLEL_FROM = 1000;

/** The worker's file beside the bundled program: dist/render-worker.cjs (none when running the sources). */
const WORKER_FILE = fileURLToPath(new URL('./render-worker.cjs', import.meta.url));

export async function renderEventsInParallel(events: readonly ResolvedEvent[], stampMs: number): Promise<RenderedEvent[]> {
  const { renderEvents } = await import('../core/render-events.js');
  if (events.length < PARALLEL_FROM || availableParallelism() < 2 || !existsSync(WORKER_FILE)) return renderEvents(events, stampMs);
  const half = Math.ceil(events.length / 2);
  const worker = new Worker(WORKER_FILE);
  const done = new Promise<RenderedEvent[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the render worker exited with code ${code}`)));
  });
  worker.postMessage({ events: events.slice(0, half), stampMs });
  // This thread renders its half meanwhile; the worker's answer waits in the queue until it is done.
  const ours = renderEvents(events.slice(half), stampMs);
  const theirs = await done.finally(() => void worker.terminate());
  return [...theirs, ...ours];
}
