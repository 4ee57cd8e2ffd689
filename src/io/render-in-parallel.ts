// Render on two cores what a build must send through `ics`: with thousands of new events, half of them
// go to a worker thread while this thread renders the other half. The texts land in the build's store,
// so renderSite finds every event there; the bytes are the same as rendering on one thread (each VEVENT
// depends only on its event and the stamp).
//
// Why: `ics` costs about 0.4 ms per generated event (yup validation and its per-character folding), so
// 10,000 new events are 4 s or more on one core. A worker costs about 0.15 s to start (it loads ics and
// yup again), which pays from about a thousand events. See bench/RESULTS.md.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderEventTexts } from '../core/ics/render-feed.js';
import type { RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

/** Fewer new events than this are rendered on this thread alone. */
export const PARALLEL_FROM = 1000;

/** The worker's file beside this one: dist/render-worker.js beside the bundle (none when running sources). */
const WORKER_FILE = fileURLToPath(new URL('./render-worker.js', import.meta.url));

export async function prerenderInParallel(events: readonly ResolvedEvent[], stampMs: number, store: RenderedEventStore): Promise<void> {
  const missing = events.filter((event) => store.lookup(event) === undefined);
  if (missing.length < PARALLEL_FROM || availableParallelism() < 2 || !existsSync(WORKER_FILE)) return;
  const half = Math.ceil(missing.length / 2);
  const theirs = missing.slice(0, half);
  const ours = missing.slice(half);
  const worker = new Worker(WORKER_FILE);
  const done = new Promise<string[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the render worker exited with code ${code}`)));
  });
  worker.postMessage({ events: theirs, stampMs });
  // This thread renders its half meanwhile; the worker's answer waits in the queue until it is done.
  const ourTexts = renderEventTexts(ours, stampMs);
  const theirTexts = await done.finally(() => void worker.terminate());
  theirs.forEach((event, i) => store.remember(event, stampMs, theirTexts[i]!));
  ours.forEach((event, i) => store.remember(event, stampMs, ourTexts[i]!));
}
