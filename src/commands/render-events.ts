// Each event's rendering for a build, in order, a chunk at a time: from the store when it holds the event,
// else rendered afresh (ics loaded only then; on a worker thread too when there are many), and remembered
// in the store for the next build.
import { storedRender, type RenderedEvent, type RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { CHUNK_EVENTS, renderChunks, type RenderWorker } from '../io/render-in-parallel.js';

/**
 * Hands `take` the renderings of `events`, a chunk at a time, in order: `from` is the index of the chunk's
 * first event, `fresh` how many of them were rendered now (not found in the store).
 */
export async function renderEventsInChunks(
  events: readonly ResolvedEvent[],
  stampMs: number,
  store: RenderedEventStore,
  take: (from: number, renders: RenderedEvent[], fresh: number) => void | Promise<void>,
  workers?: readonly RenderWorker[],
): Promise<void> {
  const stored = events.map((event) => storedRender(store, event, stampMs));
  const starts = Array.from({ length: Math.ceil(events.length / CHUNK_EVENTS) }, (_, k) => k * CHUNK_EVENTS);
  const missing = starts.map((from) => events.slice(from, from + CHUNK_EVENTS).filter((_, k) => stored[from + k] === undefined));
  await renderChunks(
    missing,
    stampMs,
    (k, fresh) => {
      const from = starts[k]!;
      let next = 0;
      const renders = events.slice(from, from + CHUNK_EVENTS).map((event, j) => {
        const found = stored[from + j];
        if (found) return found;
        const made = fresh[next++]!;
        store.remember(event, { ...made, stampMs });
        return made;
      });
      return take(from, renders, fresh.length);
    },
    workers,
  );
}

/** Every event's rendering, in order (calfeed serve keeps them all). */
export async function renderEvents(events: readonly ResolvedEvent[], stampMs: number, store: RenderedEventStore, workers?: readonly RenderWorker[]): Promise<RenderedEvent[]> {
  const renders: RenderedEvent[] = [];
  await renderEventsInChunks(events, stampMs, store, (_, chunk) => void renders.push(...chunk), workers);
  return renders;
}
