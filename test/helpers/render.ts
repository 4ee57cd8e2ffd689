// The whole site rendered afresh: every event through ics, no store, as a cold build writes it.
import { renderEventTexts } from '../../src/core/ics/ics-adapter.js';
import { renderSite, type Calendar, type Site } from '../../src/core/pipeline.js';

export function renderSiteAfresh(calendar: Calendar, stampMs: number): Site {
  return renderSite(calendar, stampMs, renderEventTexts(calendar.events, stampMs));
}
