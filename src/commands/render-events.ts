// Each event's rendering for a build, in order: from the store when it holds the event, else rendered
// afresh and remembered in the store for the next build. `ics` (and yup) are loaded only when an event
// must be rendered: a build whose events all come from the render cache never loads them (about 10 ms).
import { storedRender, type RenderedEvent, type RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { COLLECT_EVERY_EVENTS, collectGarbage } from '../io/collect-garbage.js';

/**
 * Why one thread: worker threads rendering beside this one were measured against one thread in the same
 * benchmark run (cold builds, 2 cores): 7% less time at 10,000 events for 63 MB more memory (3.42 s, 291 MB
 * against 3.66 s, 228 MB), 15% at 100,000 (33.8 s against 39.7 s), nothing at 1,000. Each worker loads and
 * warms its own copy of the program, and every event crosses between threads by copy. For 170 lines and a
 * second bundle, that did not pay: they were removed. The render cache makes every build after the first
 * render only what changed. A full garbage collection follows every COLLECT_EVERY_EVENTS rendered afresh.
 */

export async function renderEvents(events: readonly ResolvedEvent[], stampMs: number, store: RenderedEventStore): Promise<RenderedEvent[]> {
  const renders = events.map((event) => storedRender(store, event, stampMs));
  const missing = events.flatMap((_, i) => (renders[i] === undefined ? [i] : []));
  if (missing.length === 0) return renders as RenderedEvent[];
  const { renderEvents: renderAfresh } = await import('../core/render-events.js');
  for (let from = 0; from < missing.length; from += COLLECT_EVERY_EVENTS) {
    const chunk = missing.slice(from, from + COLLECT_EVERY_EVENTS);
    const fresh = renderAfresh(chunk.map((i) => events[i]!), stampMs);
    chunk.forEach((i, k) => {
      renders[i] = fresh[k]!;
      store.remember(events[i]!, { ...fresh[k]!, stampMs });
    });
    if (missing.length >= COLLECT_EVERY_EVENTS) collectGarbage();
  }
  return renders as RenderedEvent[];
}
