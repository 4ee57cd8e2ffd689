// Each event's rendering for a build, in order: from the store when it holds the event, else rendered
// afresh (ics loaded only then; on worker threads too when there are thousands), and remembered in the
// store for the next build.
import { storedRender, type RenderedEvent, type RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { CHUNK_EVENTS, renderChunks, type RenderWorker } from '../io/render-in-parallel.js';

export async function renderEvents(events: readonly ResolvedEvent[], stampMs: number, store: RenderedEventStore, workers?: readonly RenderWorker[]): Promise<RenderedEvent[]> {
  const renders = events.map((event) => storedRender(store, event, stampMs));
  const missing = events.flatMap((_, i) => (renders[i] === undefined ? [i] : []));
  const chunks = Array.from({ length: Math.ceil(missing.length / CHUNK_EVENTS) }, (_, k) => missing.slice(k * CHUNK_EVENTS, (k + 1) * CHUNK_EVENTS));
  await renderChunks(
    chunks.map((chunk) => chunk.map((i) => events[i]!)),
    stampMs,
    (k, fresh) =>
      chunks[k]!.forEach((i, j) => {
        renders[i] = fresh[j]!;
        store.remember(events[i]!, { ...fresh[j]!, stampMs });
      }),
    workers,
  );
  return renders as RenderedEvent[];
}
