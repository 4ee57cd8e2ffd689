// Events rendered afresh for the site: each one's VEVENT through `ics` and its entry on the agenda page.
// The commands load this module only when something must be rendered (a build that finds every event in
// its render cache never loads ics and yup).
import { renderAgendaEntry } from './html/render-agenda.js';
import { renderEventTexts } from './ics/ics-adapter.js';
import type { RenderedEvent } from './pipeline.js';
import type { ResolvedEvent } from './resolve-events.js';

export function renderEvents(events: readonly ResolvedEvent[], stampMs: number): RenderedEvent[] {
  const texts = renderEventTexts(events, stampMs);
  return events.map((event, i) => ({ text: texts[i]!, entry: renderAgendaEntry(event, stampMs) }));
}
