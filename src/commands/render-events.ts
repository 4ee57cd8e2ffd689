// Each event's rendering for a build: from the store when it holds the event, else rendered afresh (ics
// loaded only then, on two threads when there are many), and remembered in the store for the next build.
import { storedRender, type RenderedEvent, type RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { renderEventsInParallel } from '../io/render-in-parallel.js';

export async function renderEvents(events: readonly ResolvedEvent[], stampMs: number, store: RenderedEventStore): Promise<RenderedEvent[]> {
  const renders = events.map((event) => storedRender(store, event, stampMs));
  const missing = events.filter((_, i) => renders[i] === undefined);
  if (missing.length === 0) return renders as RenderedEvent[];
  const fresh = await renderEventsInParallel(missing, stampMs);
  let next = 0;
  return renders.map((render, i) => {
    if (render !== undefined) return render;
    const made = fresh[next++]!;
    store.remember(events[i]!, { ...made, stampMs });
    return made;
  });
}
