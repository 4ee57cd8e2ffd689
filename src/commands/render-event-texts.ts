// Each event's VEVENT for a build: from the store when it holds the event, else rendered through `ics`
// (loaded only then, on two threads when there are many), and remembered in the store for the next build.
import { storedEventText, type RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { renderEventTextsInParallel } from '../io/render-in-parallel.js';

export async function renderEventTexts(events: readonly ResolvedEvent[], stampMs: number, store: RenderedEventStore): Promise<string[]> {
  const texts = events.map((event) => storedEventText(store, event, stampMs));
  const missing = events.filter((_, i) => texts[i] === undefined);
  if (missing.length === 0) return texts as string[];
  const rendered = await renderEventTextsInParallel(missing, stampMs);
  let next = 0;
  return texts.map((text, i) => {
    if (text !== undefined) return text;
    const fresh = rendered[next++]!;
    store.remember(events[i]!, stampMs, fresh);
    return fresh;
  });
}
