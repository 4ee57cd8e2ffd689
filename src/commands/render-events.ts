// Each event's rendering for a build, in order: from the store when it holds the event, else rendered
// afresh (ics loaded only then; on worker threads too when there are thousands), and remembered in the
// store for the next build.
import { storedRender, type RenderedEvent, type RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { collectGarbage } from '../io/collect-garbage.js';
import { CHUNK_EVENTS, renderChunks, type RenderWorker } from '../io/render-in-parallel.js';

/** Events rendered afresh between two full garbage collections (see collect-garbage.ts); fewer need none. */
const COLLECT_EVERY = 10_000;

export async function renderEvents(events: readonly ResolvedEvent[], stampMs: number, store: RenderedEventStore, workers?: readonly RenderWorker[]): Promise<RenderedEvent[]> {
  const renders = events.map((event) => storedRender(store, event, stampMs));
  let sinceCollected = 0;
  const missing = events.flatMap((_, i) => (renders[i] === undefined ? [i] : []));
  const chunks = Array.from({ length: Math.ceil(missing.length / CHUNK_EVENTS) }, (_, k) => missing.slice(k * CHUNK_EVENTS, (k + 1) * CHUNK_EVENTS));
  await renderChunks(
    chunks.map((chunk) => chunk.map((i) => events[i]!)),
    stampMs,
    (k, fresh) => {
      chunks[k]!.forEach((i, j) => {
        renders[i] = fresh[j]!;
        store.remember(events[i]!, { ...fresh[j]!, stampMs });
      });
      sinceCollected += fresh.length;
      if (sinceCollected >= COLLECT_EVERY) {
        sinceCollected = 0;
        collectGarbage();
      }
    },
    workers,
  );
  return renders as RenderedEvent[];
}
